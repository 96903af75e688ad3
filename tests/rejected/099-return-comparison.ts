// expect: ABS1104 data-dependent-branch 3:10
export function positive(x: number): boolean {
  return x > 0;
}
