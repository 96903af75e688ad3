// expect: ABS1310 string 4:12
// `__proto__` through a string index.
export function f(x: Float64Array): number {
  return x['__proto__'] ? 1 : x[0];
}
