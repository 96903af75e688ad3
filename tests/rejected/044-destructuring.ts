// expect: ABS1316 destructuring 3:9
export function pair(x: Float64Array): number {
  const [a, b] = x;
  return x[0] * x[1];
}
