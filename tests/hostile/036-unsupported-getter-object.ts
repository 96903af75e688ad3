// expect: ABS1308 object-literal 5:13
// expect: ABS1315 unsupported-expression 6:10
// An object literal with a getter.
export function f(x: Float64Array): number {
  const o = { get v() { return x[0]; } };
  return o.v;
}
