// @genlab/backend: choosing and initialising the tfjs backend, and the kernels we register where
// a backend lacks or is slow at one. Everything else imports tfjs through `tf` from here.
export { tf } from './tf';
export { initBackend, defaultThreads } from './init-backend';
export type { BackendChoice, BackendInfo, BackendName, BackendLog, InitBackendOptions } from './backend-info';
export { BACKEND_CHOICES } from './backend-info';
export { BackendError } from './backend-error';
export {
  TENSORFLOW_PACKAGES,
  VERIFIED_FILE,
  checkVerified,
  gpuDriver,
  installedVersion,
  pinnedVersion,
  recordVerification,
  verificationKey,
} from './tensorflow-verification';
export type { TensorflowBinding, Verification, VerificationCheck } from './tensorflow-verification';
export { registerKernelsFor } from './kernels/register-kernels-for';
export { createAdam, FusedAdamOptimizer } from './create-adam';
export { tensorFilledInPlace } from './tensor-filled-in-place';
