// expect: ABS1405 undefined-name 4:10
// The `arguments` object.
export function f(x) {
  return arguments[0][0];
}
