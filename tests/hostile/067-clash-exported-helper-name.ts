// expect: ABS4001 generated-name-clash 6:1
// An export named like a helper of the generated module.
export function f(x: Float64Array): number {
  return Math.abs(x[0]);
}
export function absad$zero(x: Float64Array): number {
  return x[0];
}
