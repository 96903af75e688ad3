// expect: ABS1001 syntax-error 4:16
// A byte-order mark and CRLF line endings: the position ignores the BOM.
export function f(x: Float64Array): number {
  return x[0] +* 2;
}
