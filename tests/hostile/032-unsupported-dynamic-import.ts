// expect: ABS1319 unsupported-call 5:3
// expect: ABS1310 string 5:10
// A dynamic import.
export function f(x: Float64Array): number {
  import('./other.js');
  return x[0];
}
