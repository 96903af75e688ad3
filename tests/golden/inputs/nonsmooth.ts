// lower-nonsmooth: n-ary max folds left, max(t, 0) is relu, clamp is min(max()),
// ternary patterns keep their exact semantics in `tern`.
export function g(x: Float64Array): number {
  const a = x[0];
  const b = x[1];
  const c = x[2];
  const m = Math.max(a, b, c);
  const r = Math.max(a - 1, 0);
  const k = Math.min(Math.max(b, -1), 1);
  const t = a > b ? a : b;
  const v = c < 0 ? -c : c;
  return m + r + k + t + v + Math.min(a, c);
}
