// expect: ABS1315 unsupported-expression 5:10
// expect: ABS1310 string 5:26
// `typeof` (and the string it compares with).
export function f(x: Float64Array): number {
  return typeof x[0] === 'number' ? x[0] : 0;
}
