// expect: ABS1316 destructuring 3:19
export function largest(x: number[]): number {
  return Math.max(...x);
}
