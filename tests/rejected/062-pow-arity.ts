// expect: ABS1412 wrong-arity 3:10
export function squared(x: number): number {
  return Math.pow(x);
}
