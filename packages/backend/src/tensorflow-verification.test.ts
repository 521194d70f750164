// When `auto` may take a TensorFlow binding: only an installed one that `genlab setup` verified on
// this machine for that version and that GPU driver. A real record file in a temp folder; a real
// nvidia-smi stand-in (a shell script) for the driver query, as this machine has no GPU.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkVerified, gpuDriver, installedVersion, pinnedVersion, recordVerification, verificationKey } from './tensorflow-verification';

const tmp = mkdtempSync(join(tmpdir(), 'genlab-tf-verified-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const record = {
  binding: '@tensorflow/tfjs-node-gpu@4.22.0',
  driver: '550.54.15',
  maxRelativeDifference: 3e-4,
  reference: 'native',
  verifiedAt: '2026-12-03T10:00:00.000Z',
};

describe('checkVerified', () => {
  it('skips a binding that is not installed, naming the command that installs it', () => {
    expect(checkVerified('tensorflow-gpu', { file: join(tmp, 'none.json'), version: undefined })).toEqual({
      ok: false,
      reason: 'tfjs-node-gpu not installed (`genlab setup gpu` installs and verifies it)',
    });
    expect(checkVerified('tensorflow', { file: join(tmp, 'none.json'), version: undefined }).reason).toBe(
      'tfjs-node not installed (`genlab setup tensorflow` installs and verifies it)',
    );
  });

  it('skips an installed binding with no record for its version and this driver; takes it once recorded', () => {
    const file = join(tmp, 'verified.json');
    const opts = { file, version: '4.22.0', driver: () => '550.54.15' };
    expect(checkVerified('tensorflow-gpu', opts)).toEqual({
      ok: false,
      reason: 'tfjs-node-gpu 4.22.0 installed but not verified on this machine (driver 550.54.15): run `genlab setup gpu`',
    });
    recordVerification(verificationKey('tensorflow-gpu', '4.22.0', '550.54.15'), record, file);
    expect(checkVerified('tensorflow-gpu', opts)).toEqual({
      ok: true,
      reason: 'tfjs-node-gpu 4.22.0 verified 2026-12-03T10:00:00.000Z (max relative loss difference 3.00e-4 from native)',
    });
    // A new driver or another binding version is a different machine as far as the record goes.
    expect(checkVerified('tensorflow-gpu', { ...opts, driver: () => '560.28.03' }).ok).toBe(false);
    expect(checkVerified('tensorflow-gpu', { ...opts, version: '4.23.0' }).ok).toBe(false);
    expect(checkVerified('tensorflow', { file, version: '4.22.0' }).reason).toBe(
      'tfjs-node 4.22.0 installed but not verified on this machine (CPU): run `genlab setup tensorflow`',
    );
  });

  it('a damaged record verifies nothing, and the next record replaces it', () => {
    const file = join(tmp, 'damaged.json');
    writeFileSync(file, '{"half');
    const opts = { file, version: '4.22.0', driver: () => '550.54.15' };
    expect(checkVerified('tensorflow-gpu', opts).ok).toBe(false);
    recordVerification(verificationKey('tensorflow-gpu', '4.22.0', '550.54.15'), record, file);
    expect(checkVerified('tensorflow-gpu', opts).ok).toBe(true);
  });
});

describe('gpuDriver', () => {
  it('says why when there is no nvidia-smi', () => {
    const r = gpuDriver(join(tmp, 'no-nvidia-smi'));
    expect(r.driver).toBeUndefined();
    expect(r.why).toMatch(/no-nvidia-smi not found \(ENOENT\): no NVIDIA driver on this machine/);
  });

  it("reads the first GPU's driver version from nvidia-smi's CSV", () => {
    const smi = join(tmp, 'nvidia-smi');
    writeFileSync(smi, '#!/bin/sh\necho "NVIDIA A10G, 550.54.15"\necho "NVIDIA A10G, 550.54.15"\n');
    chmodSync(smi, 0o755);
    expect(gpuDriver(smi)).toEqual({ driver: '550.54.15', gpus: ['NVIDIA A10G', 'NVIDIA A10G'] });
  });
});

describe('pinned and installed versions', () => {
  it('the pin is an exact version, and here the bindings are not installed by npm ci', () => {
    for (const b of ['tensorflow-gpu', 'tensorflow'] as const) {
      expect(pinnedVersion(b)).toMatch(/^\d+\.\d+\.\d+$/);
      expect(
        installedVersion(b, () => {
          throw new Error('Cannot find module');
        }),
      ).toBeUndefined();
    }
  });
});
