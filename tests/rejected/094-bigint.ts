// expect: ABS1310 string 3:13
export function huge(x: number): number {
  const b = 10n;
  return x;
}
