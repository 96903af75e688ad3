// expect: ABS1104 data-dependent-branch 3:10
export function sgn(x: number): number {
  return x > 0 ? 1 : -1;
}
