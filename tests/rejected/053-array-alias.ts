// expect: ABS1404 array-alias 4:13
export function aliased(x: Float64Array): number {
  const a = new Float64Array(2);
  const b = a;
  b[0] = x[0];
  return a[0];
}
