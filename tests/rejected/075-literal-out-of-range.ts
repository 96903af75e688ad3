// expect: ABS1414 literal-out-of-range 4:17
// expect: ABS1414 literal-out-of-range 4:32
export function scaled(x: Float64Array): number {
  return x[0] * 1e400 + x[1] * 1e-400 + x[2] * 5e-324;
}
