// expect: ABS1414 literal-out-of-range 5:17
// expect: ABS1414 literal-out-of-range 5:32
// 1e309 reads as Infinity and 1e-325 as 0.
export function f(x: Float64Array): number {
  return x[0] * 1e309 - x[1] * 1e-325;
}
