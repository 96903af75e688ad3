// expect: ABS1307 unsupported-new 4:17
// expect: ABS1307 unsupported-new 5:13
export function cached(x: Float64Array): number {
  const cache = new Map<number, number>();
  const a = new Array(3);
  return x[0] * 2;
}
