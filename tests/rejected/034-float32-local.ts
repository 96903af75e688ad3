// expect: ABS1307 unsupported-new 3:13
export function single(x: Float64Array): number {
  const a = new Float32Array(2);
  a[0] = x[0];
  return a[0];
}
