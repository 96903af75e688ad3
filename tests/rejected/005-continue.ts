// expect: ABS1106 break-continue 5:16
export function skipOdd(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    if (i % 2) continue;
    s += x[i];
  }
  return s;
}
