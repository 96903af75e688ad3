// expect: ABS1001 syntax-error 5:1
// A file saved in the middle of an edit: the expression stops after `+`.
export function f(x: Float64Array): number {
  return Math.max(x[0], x[1]) +
}
