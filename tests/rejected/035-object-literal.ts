// expect: ABS1308 object-literal 3:17
export function norm(x: Float64Array): number {
  const point = { a: x[0], b: x[1] };
  return x[0] + x[1];
}
