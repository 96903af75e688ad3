// expect: ABS1109 unsupported-statement 5:3
// A labelled loop.
export function f(x: Float64Array): number {
  let s = 0;
  outer: for (let i = 0; i < x.length; i++) s += x[i];
  return s;
}
