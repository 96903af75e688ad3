// expect: ABS1105 loop-counter-modified 6:5
export function skipping(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
    i += 1;
  }
  return s;
}
