// expect: ABS1001 syntax-error 3:19
// `eval` cannot be bound in module (strict) code.
export function f(eval) {
  return eval[0];
}
