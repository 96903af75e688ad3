// expect: ABS1317 unsupported-parameter 2:35
export function scaled(x: number, k?: number): number {
  return x * 2;
}
