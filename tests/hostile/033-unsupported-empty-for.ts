// expect: ABS1103 unsupported-loop-form 5:3
// `for (;;)`.
export function f(x: Float64Array): number {
  let s = 0;
  for (;;) s += x[0];
  return s;
}
