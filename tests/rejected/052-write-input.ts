// expect: ABS1403 parameter-write 4:5
export function normalizeInPlace(x: Float64Array): number {
  for (let i = 0; i < x.length; i++) {
    x[i] = x[i] * 2;
  }
  return x[0];
}
