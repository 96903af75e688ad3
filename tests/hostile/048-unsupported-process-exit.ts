// expect: ABS1313 global 4:3
// A call that would end the host process.
export function f(x: Float64Array): number {
  process.exit(0);
  return x[0];
}
