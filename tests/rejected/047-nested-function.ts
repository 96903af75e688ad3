// expect: ABS1318 nested-function 3:16
export function table(x: number): number {
  const fns = [(t: number) => t * 2];
  return x;
}
