const n = 5000, d = 128;
const a = Float32Array.from({ length: n * d }, () => Math.random());
const b = Float32Array.from({ length: n * d }, () => Math.random());
const out = new Float32Array(n * n);
function kernel() {
  for (let i = 0; i < n; i += 4) {
    const a0 = i * d, a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
    for (let j = 0; j < n; j++) {
      const bj = j * d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < d; k++) {
        const bk = b[bj + k];
        s0 += a[a0 + k] * bk; s1 += a[a1 + k] * bk; s2 += a[a2 + k] * bk; s3 += a[a3 + k] * bk;
      }
      out[i * n + j] = s0; out[(i + 1) * n + j] = s1; out[(i + 2) * n + j] = s2; out[(i + 3) * n + j] = s3;
    }
  }
}
for (let r = 0; r < 2; r++) { const t = Date.now(); kernel(); console.log('js 4-row kernel', (Date.now() - t) / 1000); }
