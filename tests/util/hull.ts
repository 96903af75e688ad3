/**
 * Convex-hull membership for the Clarke-set tests (theory.md §8 check 9): is g a convex
 * combination of the sampled gradients G_1..G_N? Solved as nonnegative least squares
 * (Lawson-Hanson) on [G; w 1^T] lambda = [g; w]: a large weight w enforces sum(lambda) = 1, and
 * the residual is ~0 exactly when g lies in the hull.
 */

/** min ||A x - b|| subject to x >= 0, A given by columns. Lawson and Hanson's active-set method. */
export function nnls(cols: number[][], b: number[]): number[] {
  const n = cols.length;
  const m = b.length;
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const residual = () => b.map((bi, i) => bi - cols.reduce((s, c, j) => s + c[i] * x[j], 0));
  const gradient = () => {
    const r = residual();
    return cols.map((c) => c.reduce((s, ci, i) => s + ci * r[i], 0));
  };
  // Least squares restricted to the passive set, by normal equations (small problems only).
  const solvePassive = (): Map<number, number> => {
    const idx = [...passive];
    const k = idx.length;
    const M = idx.map((a) => idx.map((c) => cols[a].reduce((s, v, i) => s + v * cols[c][i], 0)));
    const rhs = idx.map((a) => cols[a].reduce((s, v, i) => s + v * b[i], 0));
    // A tiny ridge keeps nearly dependent columns (many close sample gradients) solvable.
    const ridge = 1e-12 * (M.reduce((s, r, i) => s + r[i], 0) / Math.max(1, k));
    for (let i = 0; i < k; i++) M[i][i] += ridge;
    // Gaussian elimination with partial pivoting.
    for (let p = 0; p < k; p++) {
      let best = p;
      for (let r = p + 1; r < k; r++) if (Math.abs(M[r][p]) > Math.abs(M[best][p])) best = r;
      [M[p], M[best]] = [M[best], M[p]];
      [rhs[p], rhs[best]] = [rhs[best], rhs[p]];
      const piv = M[p][p] || 1e-300;
      for (let r = p + 1; r < k; r++) {
        const f = M[r][p] / piv;
        for (let c = p; c < k; c++) M[r][c] -= f * M[p][c];
        rhs[r] -= f * rhs[p];
      }
    }
    const z = new Array<number>(k).fill(0);
    for (let p = k - 1; p >= 0; p--) {
      let acc = rhs[p];
      for (let c = p + 1; c < k; c++) acc -= M[p][c] * z[c];
      z[p] = acc / (M[p][p] || 1e-300);
    }
    return new Map(idx.map((j, t) => [j, z[t]]));
  };
  for (let outer = 0; outer < 3 * n + 10; outer++) {
    const w = gradient();
    let best = -1;
    for (let j = 0; j < n; j++) if (!passive.has(j) && w[j] > 1e-12 && (best < 0 || w[j] > w[best])) best = j;
    if (best < 0) break;
    passive.add(best);
    for (let inner = 0; inner < 3 * n + 10; inner++) {
      const z = solvePassive();
      if ([...z.values()].every((v) => v > 0)) {
        for (const [j, v] of z) x[j] = v;
        break;
      }
      let alpha = Infinity;
      for (const [j, v] of z) if (v <= 0) alpha = Math.min(alpha, x[j] / (x[j] - v));
      for (const [j, v] of z) x[j] += alpha * (v - x[j]);
      for (const j of [...passive]) if (x[j] <= 1e-14) {
        passive.delete(j);
        x[j] = 0;
      }
    }
    void m;
  }
  return x;
}

/** Distance from g to the convex hull of the points (columns), relative to their scale. */
export function hullDistance(points: number[][], g: number[]): number {
  const scale = Math.max(1, ...points.flat().map(Math.abs), ...g.map(Math.abs));
  const w = 1e3 * scale;
  const cols = points.map((p) => [...p, w]);
  const lambda = nnls(cols, [...g, w]);
  const r = g.map((gi, i) => gi - points.reduce((s, p, j) => s + p[i] * lambda[j], 0));
  const sumErr = Math.abs(1 - lambda.reduce((s, v) => s + v, 0));
  return Math.sqrt(r.reduce((s, v) => s + v * v, 0)) / scale + sumErr;
}
