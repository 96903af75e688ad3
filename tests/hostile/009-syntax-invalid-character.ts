// expect: ABS1001 syntax-error 5:15
// expect: ABS1001 syntax-error 5:17
// A character that is no JavaScript token.
export function f(x: Float64Array): number {
  return x[0] # 2;
}
