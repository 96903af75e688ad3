// expect: ABS1001 syntax-error 1:1
// expect: ABS1001 syntax-error 6:12
// expect: ABS1001 syntax-error 9:1
// A Latin-1 byte (not UTF-8) inside an identifier.
export function f(x: Float64Array): number {
  const café = x[0];
  return café;
}
