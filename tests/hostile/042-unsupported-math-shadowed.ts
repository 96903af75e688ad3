// expect: ABS1319 unsupported-call 4:10
// A parameter named Math hides the global: `Math.abs` is then a method call on a number.
export function f(x: Float64Array, Math: number): number {
  return Math.abs(x[0]);
}
