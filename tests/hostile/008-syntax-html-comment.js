// expect: ABS1001 syntax-error 3:1
// HTML-like comments are not module code.
<!-- an HTML comment is not module code -->
export function f(x) {
  return x[0];
}
