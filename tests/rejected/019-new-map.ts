// expect: ABS1307 unsupported-new 3:17
export function cached(x: number): number {
  const cache = new Map<number, number>();
  return x * 2;
}
