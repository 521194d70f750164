// tfjs's fused conv2d and matMul (what tfjs-layers' conv2d and dense layers call) record one
// custom gradient that computes the gradients of every input at once: x, filter and bias. A GAN's
// generator step backpropagates through the discriminator for x alone, yet paid for the
// discriminator's filter gradients too, about a tenth of the paper GAN's step. While a gradient
// tape records, these versions run the plain ops instead (conv2d or matMul, then add the bias),
// whose registered gradients tfjs calls only for the inputs on the path to the variables asked
// for. Outside a tape (inference, sampling) the fused kernel runs as before.
import type * as Tfjs from '@tensorflow/tfjs';
import type { Tensor } from '@tensorflow/tfjs';

type FusedConv2DArgs = Parameters<typeof Tfjs.fused.conv2d>[0];
type FusedMatMulArgs = Parameters<typeof Tfjs.fused.matMul>[0];
interface FusedOps {
  conv2d: typeof Tfjs.fused.conv2d;
  matMul: typeof Tfjs.fused.matMul;
}

/** tfjs itself unfuses under a tape for any other activation (its `shouldFuse`). */
const isLinear = (activation: string | undefined): boolean => activation == null || activation === 'linear';

function plainConv2d(tf: typeof Tfjs, args: FusedConv2DArgs): Tensor {
  const y = tf.conv2d(args.x, args.filter, args.strides, args.pad, args.dataFormat, args.dilations, args.dimRoundingMode);
  return args.bias == null ? y : tf.add(y, args.bias);
}

function plainMatMul(tf: typeof Tfjs, args: FusedMatMulArgs): Tensor {
  const y = tf.matMul(args.a, args.b, args.transposeA, args.transposeB);
  return args.bias == null ? y : tf.add(y, args.bias);
}

let installed = false;

/** Replaces tf.fused.conv2d and tf.fused.matMul, once per process, for every backend (tf.ts calls it). */
export function installLazyFusedGradients(tf: typeof Tfjs): void {
  if (installed) return;
  // true while a gradient tape records, the case where tfjs's fused gradient is eager
  const recordingGradients = (): boolean => tf.engine().state.gradientDepth > 0;
  // tfjs exposes `fused` as a plain object that tfjs-layers reads on every call, so replacing its
  // functions reaches the layers too.
  const fused = tf.fused as unknown as FusedOps;
  const { conv2d: fusedConv2d, matMul: fusedMatMul } = fused;
  fused.conv2d = ((args: FusedConv2DArgs) =>
    recordingGradients() && isLinear(args.activation) && args.dataFormat !== 'NCHW'
      ? plainConv2d(tf, args)
      : fusedConv2d(args)) as FusedOps['conv2d'];
  fused.matMul = ((args: FusedMatMulArgs) =>
    recordingGradients() && isLinear(args.activation) ? plainMatMul(tf, args) : fusedMatMul(args)) as FusedOps['matMul'];
  installed = true;
}
