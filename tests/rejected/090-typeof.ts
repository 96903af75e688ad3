// expect: ABS1315 unsupported-expression 3:13
export function kind(x: number): number {
  const k = typeof x;
  return x;
}
