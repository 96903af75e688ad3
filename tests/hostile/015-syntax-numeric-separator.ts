// expect: ABS1001 syntax-error 4:19
// Two numeric separators in a row.
export function f(x: Float64Array): number {
  return x[0] * 1__000;
}
