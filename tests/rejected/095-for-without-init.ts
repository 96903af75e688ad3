// expect: ABS1103 unsupported-loop-form 5:3
export function tail(x: Float64Array): number {
  let s = 0;
  let i = 1;
  for (; i < x.length; i++) {
    s += x[i];
  }
  return s;
}
