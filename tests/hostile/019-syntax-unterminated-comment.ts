// expect: ABS1001 syntax-error 7:1
// A block comment that never ends swallows the rest of the file.
export function f(x: Float64Array): number {
  /* the loss, unfinished
  return x[0];
}
