// expect: ABS1317 unsupported-parameter 4:35
// expect: ABS1317 unsupported-parameter 8:34
// expect: ABS1317 unsupported-parameter 12:34
export function scaled(x: number, k: number = 2): number {
  return x * k;
}

export function maybe(x: number, k?: number): number {
  return x * 2;
}

export function total(x: number, ...rest: number[]): number {
  return x * 2;
}
