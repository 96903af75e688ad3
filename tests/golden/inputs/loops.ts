// Loops and static ifs: nested loops with carried scalars and arrays, a reverse loop,
// a static if on counters, for..of, early return in a static if.
export function chained(x: Float64Array, n: number): number {
  if (n < 2) return 0;
  const tmp = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) tmp[i] = x[i] * x[i];
  let s = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j += 2) {
      if (j === i + 1) s += Math.abs(tmp[i] - x[j]);
      else s -= 0.5 * x[j];
    }
  }
  for (const v of x) s += Math.max(v, -v);
  return s;
}
