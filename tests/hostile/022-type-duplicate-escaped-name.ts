// expect: ABS1002 type-error 5:9
// expect: ABS1002 type-error 6:9
// `\u0061` is the name `a`: a second declaration, not a new variable.
export function f(x: Float64Array): number {
  const a = x[0];
  const \u0061 = x[1];
  return a;
}
