// expect: ABS1106 break-continue 6:17
export function prefixSum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i];
    if (i >= 3) break;
  }
  return s;
}
