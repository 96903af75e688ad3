// expect: ABS1101 data-dependent-loop 4:3
export function halve(x: number): number {
  let y = x;
  while (y > 1) {
    y = y / 2;
  }
  return y;
}
