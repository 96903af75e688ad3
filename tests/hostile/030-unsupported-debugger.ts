// expect: ABS1109 unsupported-statement 4:3
// A `debugger` statement.
export function f(x: Float64Array): number {
  debugger;
  return x[0];
}
