// expect: ABS1205 logical-on-float 3:10
export function isZero(x: number): number {
  return !x ? 1 : 0;
}
