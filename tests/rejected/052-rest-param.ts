// expect: ABS1317 unsupported-parameter 2:34
export function total(x: number, ...rest: number[]): number {
  return x * 2;
}
