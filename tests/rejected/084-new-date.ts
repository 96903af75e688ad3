// expect: ABS1312 nondeterministic 3:14
export function stamped(x: number): number {
  return x * new Date().getTime();
}
