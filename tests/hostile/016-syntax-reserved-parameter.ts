// expect: ABS1001 syntax-error 9:19
// expect: ABS1001 syntax-error 9:24
// expect: ABS1001 syntax-error 9:26
// expect: ABS1001 syntax-error 9:32
// expect: ABS1001 syntax-error 9:33
// expect: ABS1001 syntax-error 9:35
// expect: ABS1001 syntax-error 10:19
// A reserved word as a parameter name.
export function f(class: number): number {
  return 2 * class;
}
