// expect: ABS1313 global 4:10
// Reaching Math through globalThis.
export function f(x: Float64Array): number {
  return globalThis.Math.abs(x[0]);
}
