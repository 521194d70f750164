import { rmSync } from 'node:fs';
import { loadAddon } from '@genlab/backend-native';
import {
  TENSORFLOW_PACKAGES,
  gpuDriver,
  pinnedVersion,
  recordVerification,
  verificationKey,
  type TensorflowBinding,
} from '@genlab/backend';
import { AGREEMENT_STEPS, AGREEMENT_TOLERANCE } from '@genlab/train/bench/agreement-tolerance';
import { UsageError } from '../exit-codes';
import { defineCommand } from '../command-declaration';
import { compareRuns, runAgreement } from '../setup/backend-agreement';
import { installIntoProject, stageBindingInstall } from '../setup/stage-binding-install';

export const SETUP_DECLARATION = defineCommand({
  name: 'setup',
  usage: ['setup gpu|tensorflow'],
  summary: 'install the pinned TensorFlow binding and verify it here before auto uses it',
  description: `Installs a TensorFlow binding at the version genlab pins, then verifies it on this machine before
backend auto may use it:`,
  args: [
    {
      name: 'gpu',
      help: '@tensorflow/tfjs-node-gpu: libtensorflow 2.9.1 for CUDA 11.2 and cuDNN 8.1. Needs an NVIDIA GPU (nvidia-smi must list one) and those CUDA libraries.',
    },
    { name: 'tensorflow', help: '@tensorflow/tfjs-node: libtensorflow 2.9.1 on the CPU.' },
  ],
  flags: {},
  notes: `Steps: (gpu: nvidia-smi lists a GPU) -> npm install in a staging folder, whose install script
downloads libtensorflow -> only if that worked, the binding is added to node_modules without
touching package.json or package-lock.json -> (gpu: libtensorflow creates a GPU device) -> 20
training steps of the paper GAN and VAE agree with native (or wasm) within the native kernels'
own test tolerance -> one bench row -> recorded under the binding's version and the GPU driver
(node_modules/.cache/genlab/tensorflow-verified.json). Anything failing before the binding is
added changes nothing. \`npm ci\` removes the binding and its record again.`,
  // Exactly one target: setupCommand names both when it is not one of them.
  run: (c) => setupCommand(c.root(), c.positionals.length === 1 ? c.positionals[0] : undefined, c.out),
});

export async function setupCommand(root: string, target: string | undefined, out: (s: string) => void): Promise<number> {
  if (target !== 'gpu' && target !== 'tensorflow') throw new UsageError('usage: genlab setup gpu | genlab setup tensorflow');
  const binding: TensorflowBinding = target === 'gpu' ? 'tensorflow-gpu' : 'tensorflow';
  const { pkg } = TENSORFLOW_PACKAGES[binding];
  const version = pinnedVersion(binding);
  const fallback = loadAddon().ok ? 'native' : 'wasm';
  const unchanged = `Nothing was installed or changed (package.json, package-lock.json and node_modules are as they were); backend auto keeps using ${fallback}.`;

  let driver: string | undefined;
  if (binding === 'tensorflow-gpu') {
    const gpu = gpuDriver();
    if (!gpu.driver) {
      throw new Error(
        `setup gpu: no GPU seen: ${gpu.why?.replace(/\.$/, '')}. ${pkg}@${version} runs libtensorflow 2.9.1, built for CUDA 11.2 and cuDNN 8.1 on an NVIDIA GPU. ${unchanged}`,
      );
    }
    driver = gpu.driver;
    out(`GPU: ${gpu.gpus.join(', ')} (driver ${driver})\n`);
  }

  out(`installing ${pkg}@${version} in a staging folder (its install script downloads libtensorflow 2.9.1)...\n`);
  const staged = stageBindingInstall(pkg, version);
  if (!staged.ok) {
    const offline = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH)\b/.test(staged.reason)
      ? "its install script downloads libtensorflow 2.9.1 from Google's storage, which this machine could not reach; "
      : '';
    throw new Error(
      `setup ${target}: installing ${pkg}@${version} failed: ${staged.reason} (${offline}npm's output: ${staged.log}). ${unchanged}`,
    );
  }
  try {
    installIntoProject(root, pkg, version, staged);
  } finally {
    rmSync(staged.dir, { recursive: true, force: true });
  }
  out(`${pkg}@${version} installed into node_modules (package.json and package-lock.json unchanged); verifying...\n`);
  await verifyInstalled(target, binding, version, driver, fallback, out);
  return 0;
}

/**
 * The installed binding against `reference` (native, or wasm where native did not build): the
 * binding loads as `binding`, (gpu) libtensorflow creates a GPU device, the agreement steps stay
 * within the tolerance; then one bench row, and the record that lets `auto` take it.
 */
async function verifyInstalled(
  target: string,
  binding: TensorflowBinding,
  version: string,
  driver: string | undefined,
  reference: 'native' | 'wasm',
  out: (s: string) => void,
): Promise<void> {
  const { pkg } = TENSORFLOW_PACKAGES[binding];
  const notVerified = (why: string) =>
    new Error(
      `setup ${target}: ${pkg}@${version} is installed but NOT verified: ${why}. Backend auto will not use it (GENLAB_BACKEND=tensorflow still can); \`npm ci\` removes it.`,
    );
  const [candidate, ref] = [
    await runAgreement('tensorflow', { bench: true, env: { TF_CPP_MIN_LOG_LEVEL: '0' } }),
    await runAgreement(reference),
  ];
  if (!candidate.result) throw notVerified(candidate.error!);
  if (!ref.result) throw notVerified(`the ${reference} reference failed: ${ref.error}`);
  if (candidate.result.backend !== binding)
    throw notVerified(`backend tensorflow loaded ${candidate.result.backend}, not ${binding}: ${candidate.result.reason}`);
  // libtensorflow logs each device it creates; without a GPU device the binding runs on the CPU.
  if (binding === 'tensorflow-gpu' && !/device:GPU:\d+/.test(candidate.stderr)) {
    throw notVerified(
      'libtensorflow created no GPU device (CUDA 11.2 / cuDNN 8.1 libraries not found, or a driver too old for CUDA 11.2): it would run on the CPU',
    );
  }
  const agreement = compareRuns(candidate.result, ref.result);
  out(
    `${AGREEMENT_STEPS} steps against ${reference}: max relative loss difference GAN ${agreement.perModel.gan.toExponential(2)}, VAE ${agreement.perModel.vae.toExponential(2)} (tolerance ${AGREEMENT_TOLERANCE})\n`,
  );
  if (!(agreement.maxRelativeDifference < AGREEMENT_TOLERANCE))
    throw notVerified(
      `its training steps differ from ${reference} by ${agreement.maxRelativeDifference.toExponential(2)} (tolerance ${AGREEMENT_TOLERANCE})`,
    );
  out(
    `\n| backend | model | images/s | GFLOP/s | 60k epoch | torch images/s | ratio |\n|---|---|---|---|---|---|---|\n${candidate.result.benchRow}\n\n`,
  );
  recordVerification(verificationKey(binding, version, driver), {
    binding: `${pkg}@${version}`,
    driver: driver ?? 'none',
    maxRelativeDifference: agreement.maxRelativeDifference,
    reference,
    verifiedAt: new Date().toISOString(),
  });
  out(`${pkg}@${version} verified on this machine${driver ? ` (driver ${driver})` : ''}: backend auto now uses it.\n`);
}
