// expect: ABS1413 non-integer-constant 5:23
// A loop bound of Infinity.
export function f(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < Infinity; i++) s += x[0];
  return s;
}
