// canonicalize-switches / merge-switches: |-u| = |u|, |c u| = |c||u|, ||u|| = |u|;
// switches equal up to sign share one number; max(x, x) is structurally zero.
function relu(u: number): number {
  return Math.max(u, 0);
}
export function h(x: Float64Array): number {
  const u = x[0];
  const v = x[1];
  const e2 = relu(u) - relu(-u);
  const e11 = Math.abs(Math.abs(u));
  const scaled = Math.abs(-3 * v);
  const d = Math.abs(u - v) + Math.max(v, u) + Math.min(u, v);
  const z = Math.max(v, v);
  return e2 + e11 + scaled + d + z;
}
