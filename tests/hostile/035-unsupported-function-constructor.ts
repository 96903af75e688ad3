// expect: ABS1319 unsupported-call 5:10
// expect: ABS1310 string 5:23
// `new Function` is eval by another name.
export function f(x: Float64Array): number {
  return new Function('return 1')() + x[0];
}
