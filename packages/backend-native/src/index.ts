// @genlab/backend-native: the oneDNN kernels behind the 'native' backend (see @genlab/backend).
export { loadAddon, ADDON_PATH } from './load-addon';
export type { AddonAttempt } from './load-addon';
export { ACTIVATIONS } from './native-addon';
export type { NativeAddon, NativeActivation } from './native-addon';
