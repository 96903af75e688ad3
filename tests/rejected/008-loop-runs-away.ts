// expect: ABS1103 unsupported-loop-form 4:26
export function runaway(x: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i--) {
    s += x[0];
  }
  return s;
}
