// expect: ABS1301 recursion 4:27
function sumFrom(x: Float64Array, i: number): number {
  if (i >= x.length) return 0;
  return Math.abs(x[i]) + sumFrom(x, i + 1);
}

export function l1(x: Float64Array): number {
  return sumFrom(x, 0);
}
