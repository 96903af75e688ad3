// expect: ABS1205 logical-on-float 5:10
// expect: ABS1205 logical-on-float 9:10
// expect: ABS1205 logical-on-float 13:10
export function both(x: Float64Array): number {
  return x[0] && x[1];
}

export function isZero(x: number): number {
  return !x ? 1 : 0;
}

export function orZero(x: Float64Array): number {
  return x[0] ?? 0;
}
