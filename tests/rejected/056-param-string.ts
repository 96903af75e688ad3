// expect: ABS1406 unsupported-parameter-type 2:37
export function withName(x: number, name: string): number {
  return x * 2;
}
