// expect: ABS1104 data-dependent-branch 4:10
// expect: ABS1104 data-dependent-branch 8:10
export function sgn(x: number): number {
  return x > 0 ? 1 : -1;
}

export function positive(x: number): boolean {
  return x > 0;
}
