/**
 * Small dense linear algebra for the LIKQ test, in f64: singular values of a k x n matrix by
 * one-sided Jacobi (accurate for the small k the test sees: k is the number of active
 * switches), and rank with a relative tolerance. Takes and returns plain number arrays.
 */

/** Singular values (descending) of the k x n matrix `a` given as rows. */
export function singularValues(a: number[][]): number[] {
  const k = a.length;
  if (k === 0) return [];
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
