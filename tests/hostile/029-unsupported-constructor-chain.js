// expect: ABS1319 unsupported-call 5:10
// expect: ABS1310 string 5:36
// Reaching Function through a property chain (a classic sandbox escape).
export function f(x) {
  return x.constructor.constructor('return process')().exit(1);
}
