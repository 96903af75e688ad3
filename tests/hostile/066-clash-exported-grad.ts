// expect: ABS4001 generated-name-clash 3:1
// An export named like the gradient absad generates for another.
export function f(x: Float64Array): number {
  return Math.abs(x[0]);
}
export function f_grad(x: Float64Array): number {
  return x[0];
}
