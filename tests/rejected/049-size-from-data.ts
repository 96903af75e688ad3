// expect: ABS1401 float-array-size 3:30
export function buffer(x: Float64Array): number {
  const a = new Float64Array(x[0]);
  return x[1];
}
