// expect: ABS1109 unsupported-statement 3:18
export function checked(x: Float64Array): number {
  if (!x.length) throw new Error('empty');
  return x[0];
}
