// expect: ABS1002 type-error 4:9
// The TypeScript checker's own complaint comes through as ABS1002.
export function f(x: Float64Array): number {
  const k: number = x.length > 0;
  return x[0] * 2;
}
