// expect: ABS1001 syntax-error 3:17
// An exported function declaration without a name.
export function (x: Float64Array): number {
  return x[0];
}
