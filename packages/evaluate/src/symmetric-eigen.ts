// Eigendecomposition of a real symmetric matrix in float64: Householder reduction to
// tridiagonal form, then the implicit QL algorithm (EISPACK tred2/tql2, as in JAMA). O(d^3) with
// small constants, so d = 512 (the largest evaluator feature size) takes well under a second;
// cyclic Jacobi would need several times more work. Used by the Frechet distance (paper 3.5,
// 3.8) and by PCA (figure 2).

export interface SymmetricEigen {
  /** Eigenvalues, ascending. */
  values: Float64Array;
  /** Row j (d values) is the unit eigenvector of values[j]; empty when vectors were not asked for. */
  vectors: Float64Array;
}

/**
 * Eigenvalues (ascending) and, unless `vectors` is false, eigenvectors of the symmetric d x d
 * row-major matrix `a` (only its lower triangle is read; `a` is not modified).
 */
export function symmetricEigen(a: Float64Array, d: number, opts: { vectors?: boolean } = {}): SymmetricEigen {
  if (a.length !== d * d) throw new RangeError(`symmetricEigen: expected ${d * d} values for a ${d}x${d} matrix, found ${a.length}`);
  const wantVectors = opts.vectors ?? true;
  const v = Float64Array.from(a);
  const diag = new Float64Array(d);
  const off = new Float64Array(d);
  if (d === 0) return { values: diag, vectors: new Float64Array(0) };
  tridiagonalize(v, d, diag, off, wantVectors);
  // tql2 rotates columns of V; rows of W = V^T are contiguous, so rotate those instead.
  const w = wantVectors ? transpose(v, d) : new Float64Array(0);
  implicitQl(diag, off, d, w);
  return sortAscending(diag, w, d);
}

/** Householder reduction (tred2); leaves the orthogonal transform in v when accumulating. */
function tridiagonalize(v: Float64Array, n: number, d: Float64Array, e: Float64Array, accumulate: boolean): void {
  for (let j = 0; j < n; j++) d[j] = v[(n - 1) * n + j];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = v[(i - 1) * n + j];
        v[i * n + j] = 0;
        v[j * n + i] = 0;
      }
    } else {
      h = householderStep(v, n, d, e, i, scale);
    }
    d[i] = h;
  }
  if (accumulate) accumulateTransform(v, n, d);
  else for (let j = 0; j < n; j++) d[j] = v[j * n + j];
  e[0] = 0;
}

function householderStep(v: Float64Array, n: number, d: Float64Array, e: Float64Array, i: number, scale: number): number {
  let h = 0;
  for (let k = 0; k < i; k++) {
    d[k] /= scale;
    h += d[k] * d[k];
  }
  let f = d[i - 1];
  let g = Math.sqrt(h);
  if (f > 0) g = -g;
  e[i] = scale * g;
  h -= f * g;
  d[i - 1] = f - g;
  for (let j = 0; j < i; j++) e[j] = 0;
  for (let j = 0; j < i; j++) {
    f = d[j];
    v[j * n + i] = f;
    g = e[j] + v[j * n + j] * f;
    for (let k = j + 1; k <= i - 1; k++) {
      g += v[k * n + j] * d[k];
      e[k] += v[k * n + j] * f;
    }
    e[j] = g;
  }
  f = 0;
  for (let j = 0; j < i; j++) {
    e[j] /= h;
    f += e[j] * d[j];
  }
  const hh = f / (h + h);
  for (let j = 0; j < i; j++) e[j] -= hh * d[j];
  for (let j = 0; j < i; j++) {
    f = d[j];
    g = e[j];
    for (let k = j; k <= i - 1; k++) v[k * n + j] -= f * e[k] + g * d[k];
    d[j] = v[(i - 1) * n + j];
    v[i * n + j] = 0;
  }
  return h;
}

function accumulateTransform(v: Float64Array, n: number, d: Float64Array): void {
  for (let i = 0; i < n - 1; i++) {
    v[(n - 1) * n + i] = v[i * n + i];
    v[i * n + i] = 1;
    const h = d[i + 1];
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = v[k * n + i + 1] / h;
      for (let j = 0; j <= i; j++) {
        let g = 0;
        for (let k = 0; k <= i; k++) g += v[k * n + i + 1] * v[k * n + j];
        for (let k = 0; k <= i; k++) v[k * n + j] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) v[k * n + i + 1] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = v[(n - 1) * n + j];
    v[(n - 1) * n + j] = 0;
  }
  v[(n - 1) * n + n - 1] = 1;
}

/** Implicit QL on the tridiagonal (d, e) (tql2); rotates rows of w when w is non-empty. */
function implicitQl(d: Float64Array, e: Float64Array, n: number, w: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 60) throw new Error(`symmetricEigen: QL did not converge for eigenvalue ${l} (matrix has NaN or Inf?)`);
        f += qlSweep(d, e, n, w, l, m);
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** One implicitly shifted QL sweep over rows l..m; returns the shift applied. */
function qlSweep(d: Float64Array, e: Float64Array, n: number, w: Float64Array, l: number, m: number): number {
  let g = d[l];
  let p = (d[l + 1] - g) / (2 * e[l]);
  let r = Math.hypot(p, 1);
  if (p < 0) r = -r;
  d[l] = e[l] / (p + r);
  d[l + 1] = e[l] * (p + r);
  const dl1 = d[l + 1];
  let h = g - d[l];
  for (let i = l + 2; i < n; i++) d[i] -= h;
  const shift = h;
  p = d[m];
  let c = 1,
    c2 = 1,
    c3 = 1,
    s = 0,
    s2 = 0;
  const el1 = e[l + 1];
  const withVectors = w.length > 0;
  for (let i = m - 1; i >= l; i--) {
    c3 = c2;
    c2 = c;
    s2 = s;
    g = c * e[i];
    h = c * p;
    r = Math.hypot(p, e[i]);
    e[i + 1] = s * r;
    s = e[i] / r;
    c = p / r;
    p = c * d[i] - s * g;
    d[i + 1] = h + s * (c * g + s * d[i]);
    if (withVectors) rotateRows(w, n, i, s, c);
  }
  p = (-s * s2 * c3 * el1 * e[l]) / dl1;
  e[l] = s * p;
  d[l] = c * p;
  return shift;
}

function rotateRows(w: Float64Array, n: number, i: number, s: number, c: number): void {
  const a = i * n;
  const b = a + n;
  for (let k = 0; k < n; k++) {
    const hk = w[b + k];
    const ak = w[a + k];
    w[b + k] = s * ak + c * hk;
    w[a + k] = c * ak - s * hk;
  }
}

function transpose(v: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = v[i * n + j];
  return t;
}

function sortAscending(values: Float64Array, w: Float64Array, n: number): SymmetricEigen {
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[x] - values[y]);
  const sorted = Float64Array.from(order, (i) => values[i]);
  if (w.length === 0) return { values: sorted, vectors: w };
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => vectors.set(w.subarray(src * n, src * n + n), dst * n));
  return { values: sorted, vectors };
}
