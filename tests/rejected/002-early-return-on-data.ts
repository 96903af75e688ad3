// expect: ABS1104 data-dependent-branch 3:7
export function absolute(x: number): number {
  if (x < 0) return -x;
  return x;
}
