// expect: ABS1002 type-error 3:9
export function typed(x: number): number {
  const s: string = 1;
  return x * 2;
}
