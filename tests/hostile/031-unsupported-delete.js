// expect: ABS1109 unsupported-statement 4:3
// `delete` on an input array element.
export function f(x) {
  delete x[0];
  return x[1];
}
