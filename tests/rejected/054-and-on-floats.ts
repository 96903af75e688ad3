// expect: ABS1205 logical-on-float 3:10
export function both(x: Float64Array): number {
  return x[0] && x[1];
}
