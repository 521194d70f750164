// The one place the repo imports tfjs from, so every package shares one engine (one set of
// registered backends and kernels): `import { tf } from '@genlab/backend'`.
import * as tf from '@tensorflow/tfjs';
import { installLazyFusedGradients } from './lazy-fused-gradients';

installLazyFusedGradients(tf); // before any model is trained, on every backend

export { tf };
