// expect: ABS1105 loop-counter-modified 7:5
// expect: ABS1105 loop-counter-modified 16:5
export function skipping(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
    i += 1;
  }
  return s;
}

export function shrinking(x: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += x[i];
    n--;
  }
  return s;
}
