// expect: ABS1001 syntax-error 6:9
// expect: ABS1001 syntax-error 6:11
// expect: ABS1001 syntax-error 6:18
// An identifier escape beyond U+10FFFF.
export function f(x: Float64Array): number {
  const \u{110000} = x[0];
  return 1;
}
