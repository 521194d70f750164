/**
 * `steps` latent vectors from `a` to `b` (both ends included), row-major [steps * dim], along
 * the great circle (slerp, White 2016): under a N(0, I) prior a straight line passes through
 * points of atypically small norm, which the generator rarely saw; slerp keeps the norm typical.
 * Falls back to a straight line when a and b are (anti)parallel.
 */
export function interpolateLatents(a: Float32Array, b: Float32Array, steps: number): Float32Array {
  if (a.length !== b.length) throw new RangeError(`interpolateLatents: endpoints differ in size (${a.length} vs ${b.length})`);
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`interpolateLatents: steps must be an integer >= 2, found ${steps}`);
  const dim = a.length;
  const omega = Math.acos(Math.min(1, Math.max(-1, dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b) || 1))));
  const sinOmega = Math.sin(omega);
  const out = new Float32Array(steps * dim);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    const [wa, wb] = sinOmega < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / sinOmega, Math.sin(t * omega) / sinOmega];
    for (let i = 0; i < dim; i++) out[s * dim + i] = wa * a[i] + wb * b[i];
  }
  return out;
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
