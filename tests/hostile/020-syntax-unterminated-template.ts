// expect: ABS1001 syntax-error 7:1
// A template literal that never ends.
export function f(x: Float64Array): number {
  const s = `total ${x[0]}
  return x[0];
}
