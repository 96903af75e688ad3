// expect: ABS1203 comparison-as-number 3:11
export function indicator(a: Float64Array): number {
  return (a[0] > a[1]) * 2;
}
