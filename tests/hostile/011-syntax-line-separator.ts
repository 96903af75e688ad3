// expect: ABS1001 syntax-error 8:2
// expect: ABS1001 syntax-error 8:13
// expect: ABS1001 syntax-error 8:28
// expect: ABS1001 syntax-error 9:16
// U+2028 ends a `//` comment (TypeScript and acorn count it as a line break, and so do absad's positions).
export function f(x: Float64Array): number {
  // a comment with a line separator:  TypeScript counts it as a line break
  return x[0] +* 2;
}
