// expect: ABS1319 unsupported-call 6:10
// expect: ABS1315 unsupported-expression 6:11
// expect: ABS1310 string 6:20
// Indirect eval through the comma operator.
export function f(x) {
  return (0, eval)('x[0]');
}
