// expect: ABS1001 syntax-error 8:1
// A loop body whose closing brace was never typed.
export function f(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += Math.abs(x[i]);
  return s;
