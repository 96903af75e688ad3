// expect: ABS1006 unsupported-top-level 3:1
// Mutable module state.
let calls = 0;
export function f(x: Float64Array): number {
  return x[0];
}
