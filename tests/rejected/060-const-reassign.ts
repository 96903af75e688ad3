// expect: ABS1410 const-reassign 4:3
export function fixed(x: number): number {
  const s = x * 2;
  s = s + 1;
  return s;
}
