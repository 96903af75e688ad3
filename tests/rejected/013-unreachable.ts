// expect: ABS1110 unreachable-code 4:3
export function early(x: number): number {
  return x * 2;
  x = x + 1;
}
