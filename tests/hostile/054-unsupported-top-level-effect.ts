// expect: ABS1006 unsupported-top-level 4:1
// expect: ABS1310 string 4:13
// A side effect at module level.
console.log('loaded');
export function f(x: Float64Array): number {
  return x[0];
}
