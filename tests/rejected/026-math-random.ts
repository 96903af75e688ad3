// expect: ABS1312 nondeterministic 3:14
export function noisy(x: number): number {
  return x + Math.random();
}
