// expect: ABS1203 comparison-as-number 3:10
export function step(x: Float64Array): number {
  return Number(x[0] > 0) + x[1];
}
