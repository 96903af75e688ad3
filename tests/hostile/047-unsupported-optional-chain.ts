// expect: ABS1317 unsupported-parameter 5:19
// expect: ABS1315 unsupported-expression 6:10
// expect: ABS1205 logical-on-float 6:10
// An optional parameter, optional chaining and `??` at once.
export function f(x?: Float64Array): number {
  return x?.[0] ?? 0;
}
