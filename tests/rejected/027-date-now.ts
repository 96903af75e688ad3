// expect: ABS1312 nondeterministic 3:14
export function timed(x: number): number {
  return x * Date.now();
}
