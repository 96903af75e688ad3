// expect: ABS1314 unknown-math-function 3:10
export function rounded(x: number): number {
  return Math.fround(x) * 2;
}
