// expect: ABS1203 comparison-as-number 5:17
// expect: ABS1310 string 5:24
// A BigInt literal converted with Number().
export function f(x: Float64Array): number {
  return x[0] * Number(10n);
}
