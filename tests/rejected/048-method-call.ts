// expect: ABS1319 unsupported-call 3:10
export function sum(x: number[]): number {
  return x.reduce((a, b) => a + b, 0);
}
