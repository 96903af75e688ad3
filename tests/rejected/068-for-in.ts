// expect: ABS1103 unsupported-loop-form 4:3
export function keys(x: Float64Array): number {
  let s = 0;
  for (const k in x) {
    s += 1;
  }
  return s * x[0];
}
