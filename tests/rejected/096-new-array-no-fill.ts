// expect: ABS1307 unsupported-new 3:13
export function holes(x: Float64Array): number {
  const a = new Array(3);
  return x[0];
}
