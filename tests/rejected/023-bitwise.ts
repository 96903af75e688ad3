// expect: ABS1204 bitwise-operator 3:10
export function truncated(x: number): number {
  return (x * 10) | 0;
}
