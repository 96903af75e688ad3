// expect: ABS1101 data-dependent-loop 5:3
// A loop that never ends: rejected at compile time, never run.
export function f(x: Float64Array): number {
  let s = x[0];
  while (true) s = s * 0.5;
  return s;
}
