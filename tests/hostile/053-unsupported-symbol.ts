// expect: ABS1319 unsupported-call 4:14
// Symbol.iterator on an input array.
export function f(x: Float64Array): number {
  const it = x[Symbol.iterator]();
  return x[0];
}
