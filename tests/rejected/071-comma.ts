// expect: ABS1315 unsupported-expression 3:11
export function sequenced(x: number): number {
  return (x + 1, x * 2);
}
