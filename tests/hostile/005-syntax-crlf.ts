// expect: ABS1001 syntax-error 5:24
// CRLF line endings: the error is located by line and column all the same.
export function f(x: Float64Array): number {
  let s = 0;
  s += Math.abs(x[0]) *;
  return s;
}
