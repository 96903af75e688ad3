// expect: ABS1301 recursion 3:34
// A const arrow helper that calls itself.
const g = (t: number): number => g(t) + 1;
export function f(x: Float64Array): number {
  return g(x[0]);
}
