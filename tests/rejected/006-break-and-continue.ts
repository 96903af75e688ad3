// expect: ABS1106 break-continue 6:16
// expect: ABS1106 break-continue 8:17
export function prefixSum(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (i % 2) continue;
    s += x[i];
    if (i >= 6) break;
  }
  return s;
}
