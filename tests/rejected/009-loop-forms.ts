// expect: ABS1103 unsupported-loop-form 5:3
// expect: ABS1103 unsupported-loop-form 14:3
export function keys(x: Float64Array): number {
  let s = 0;
  for (const k in x) {
    s += 1;
  }
  return s * x[0];
}

export function tail(x: Float64Array): number {
  let s = 0;
  let i = 1;
  for (; i < x.length; i++) {
    s += x[i];
  }
  return s;
}
