// expect: ABS1205 logical-on-float 3:10
export function orZero(x: Float64Array): number {
  return x[0] ?? 0;
}
