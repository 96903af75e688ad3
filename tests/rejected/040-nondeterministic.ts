// expect: ABS1312 nondeterministic 5:14
// expect: ABS1312 nondeterministic 9:14
// expect: ABS1312 nondeterministic 13:14
export function noisy(x: number): number {
  return x + Math.random();
}

export function timed(x: number): number {
  return x * Date.now();
}

export function stamped(x: number): number {
  return x * new Date().getTime();
}
