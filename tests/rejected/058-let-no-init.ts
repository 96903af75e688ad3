// expect: ABS1408 uninitialized-variable 3:7
export function late(x: number): number {
  let s;
  s = x * 2;
  return s;
}
