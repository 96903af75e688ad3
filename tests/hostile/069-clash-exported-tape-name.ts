// expect: ABS4001 generated-name-clash 9:1
// An export named like a module-level constant the generated module holds for f.
const W = [1, 2, 3];
export function f(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < 3; i++) s += W[i] * Math.abs(x[i]);
  return s;
}
export function f$C0(x: Float64Array): number {
  return x[0];
}
