/**
 * Small dense linear algebra for the LIKQ test, in f64: singular values of a k x n matrix by
 * one-sided Jacobi (accurate for the small k the test sees: k is the number of active
 * switches), and rank with a relative tolerance. Takes and returns plain number arrays.
 */

/**
 * Singular values (descending) of the k x n matrix `a` given as rows: exact (one-sided Jacobi)
 * for small k, and for large k the rank-revealing estimate |R_ii| of a QR factorization with
 * column pivoting of a^T (O(n k^2) once, where Jacobi would need many such sweeps).
 */
export function singularValues(a: number[][]): number[] {
  const k = a.length;
  if (k === 0) return [];
  if (k > 24) return pivotedQrDiagonal(a);
  // One-sided Jacobi on the rows: orthogonalize pairs of rows until they are orthogonal; the
  // row norms are then the singular values.
  const u = a.map((r) => r.slice());
  const dot = (x: number[], y: number[]) => x.reduce((s, xi, i) => s + xi * y[i], 0);
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < k; p++) {
      for (let q = p + 1; q < k; q++) {
        const alpha = dot(u[p], u[p]);
        const beta = dot(u[q], u[q]);
        const gamma = dot(u[p], u[q]);
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let j = 0; j < u[p].length; j++) {
          const up = u[p][j];
          const uq = u[q][j];
          u[p][j] = c * up - s * uq;
          u[q][j] = s * up + c * uq;
        }
      }
    }
    if (!rotated) break;
  }
  return u.map((r) => Math.sqrt(dot(r, r))).sort((x, y) => y - x);
}

/** Rows scaled to unit Euclidean norm; zero rows stay zero. */
export function normalizeRows(a: number[][]): number[][] {
  return a.map((r) => {
    const norm = Math.sqrt(r.reduce((s, x) => s + x * x, 0));
    return norm === 0 ? r.map(() => 0) : r.map((x) => x / norm);
  });
}

/**
 * |diag(R)| of a Householder QR with column pivoting of a^T (n x k; column j is row j of a),
 * sorted descending: the standard rank-revealing estimate of the singular values.
 */
export function pivotedQrDiagonal(a: number[][]): number[] {
  const k = a.length;
  const n = a[0]?.length ?? 0;
  // Work on the columns of a^T, i.e. on the rows of a, as k vectors of length n.
  const cols = a.map((r) => Float64Array.from(r));
  const norms = cols.map((c) => c.reduce((s, v) => s + v * v, 0));
  const diag: number[] = [];
  for (let j = 0; j < Math.min(k, n); j++) {
    // Pivot: the remaining column of largest norm.
    let p = j;
    for (let q = j + 1; q < k; q++) if (norms[q] > norms[p]) p = q;
    [cols[j], cols[p]] = [cols[p], cols[j]];
    [norms[j], norms[p]] = [norms[p], norms[j]];
    const c = cols[j];
    let alpha = 0;
    for (let i = j; i < n; i++) alpha += c[i] * c[i];
    alpha = Math.sqrt(alpha);
    diag.push(alpha);
    if (alpha === 0) continue;
    // Householder vector v = c[j..] + sign(c_j) alpha e_1, applied to the remaining columns.
    const sign = c[j] >= 0 ? 1 : -1;
    const v = new Float64Array(n);
    for (let i = j; i < n; i++) v[i] = c[i];
    v[j] += sign * alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += v[i] * v[i];
    for (let q = j + 1; q < k; q++) {
      const d = cols[q];
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i] * d[i];
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) d[i] -= f * v[i];
      norms[q] -= d[j] * d[j];
      if (norms[q] < 0) norms[q] = 0;
    }
  }
  while (diag.length < k) diag.push(0);
  return diag.sort((x, y) => y - x);
}
