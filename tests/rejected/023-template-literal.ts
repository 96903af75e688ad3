// expect: ABS1310 string 3:15
export function described(x: number): number {
  const msg = `x is ${x}`;
  return x + 1;
}
