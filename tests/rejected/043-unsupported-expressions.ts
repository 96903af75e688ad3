// expect: ABS1315 unsupported-expression 5:14
// expect: ABS1315 unsupported-expression 6:20
// expect: ABS1315 unsupported-expression 7:13
export function sequenced(x: Float64Array): number {
  const a = (x[0] + 1, x[0] * 2);
  const b = x[0] * x?.length;
  const k = typeof x;
  return x[0];
}
