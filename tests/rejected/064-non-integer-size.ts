// expect: ABS1413 non-integer-constant 3:30
export function fractional(x: Float64Array): number {
  const a = new Float64Array(2.5);
  return x[0];
}
