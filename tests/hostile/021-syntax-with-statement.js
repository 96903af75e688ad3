// expect: ABS1001 syntax-error 4:3
// `with` does not exist in module (strict) code.
export function f(x) {
  with (Math) return abs(x[0]);
}
