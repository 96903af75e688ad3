// expect: ABS1104 data-dependent-branch 5:9
export function positivePart(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0) s += x[i];
  }
  return s;
}
