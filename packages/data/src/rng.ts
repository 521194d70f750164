// A small seeded PRNG shared by data (subsets), train (shuffling, noise) and evaluate
// (sampling). mulberry32: one uint32 of state, so a checkpoint stores a single number and
// restoring it continues the exact stream. Math.random is never used for anything that must
// be reproducible from the experiment's `seed`.

/** Serialisable generator state (a uint32). */
export type RngState = number;

export class Rng {
  private s: number;

  private constructor(state: RngState) {
    this.s = state >>> 0;
  }

  /** Continues the stream a previous `state()` captured. */
  static fromState(state: RngState): Rng {
    if (!Number.isInteger(state) || state < 0 || state > 0xffffffff) throw new RangeError(`Rng state must be a uint32, found ${state}`);
    return new Rng(state);
  }

  /** Seeds through splitmix32 so nearby seeds (1, 2, 3) start far apart in the stream. */
  static fromSeed(seed: number): Rng {
    if (!Number.isInteger(seed)) throw new RangeError(`Rng seed must be an integer, found ${seed}`);
    return new Rng(splitmix32(seed >>> 0));
  }

  state(): RngState {
    return this.s;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`Rng.int needs a positive integer, found ${n}`);
    return Math.floor(this.next() * n);
  }

  /**
   * Standard normal by Box-Muller. The second value of each pair is dropped so the state stays
   * one number (a cached spare would have to be checkpointed too).
   */
  normal(): number {
    const u = 1 - this.next(); // (0, 1]: log(0) never happens
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle in place; returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }
}

export function createRng(seed: number): Rng {
  return Rng.fromSeed(seed);
}

/** Derives an independent seed for a named stream (`deriveSeed(seed, 'test')`), uint32. */
export function deriveSeed(seed: number, ...keys: (string | number)[]): number {
  let h = splitmix32(seed >>> 0);
  for (const key of keys) {
    for (const ch of String(key)) h = splitmix32((h ^ ch.charCodeAt(0)) >>> 0);
    h = splitmix32((h ^ 0x9e3779b9) >>> 0);
  }
  return h;
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
