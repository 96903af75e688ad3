// expect: ABS1105 loop-counter-modified 6:5
export function shrinking(x: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += x[i];
    n--;
  }
  return s;
}
