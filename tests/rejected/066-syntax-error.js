// expect: ABS1001 syntax-error 5:1
export function unclosed(x) {
  return x * 2;

