// expect: ABS1317 unsupported-parameter 2:35
export function scaled(x: number, k: number = 2): number {
  return x * k;
}
