// expect: ABS1109 unsupported-statement 4:3
export function labelled(x: Float64Array): number {
  let s = 0;
  outer: for (let i = 0; i < x.length; i++) {
    s += x[i];
  }
  return s;
}
