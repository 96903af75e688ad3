// Parameters named like the globals and the fresh names the generated code uses: NaN,
// Infinity and undefined are ordinary parameters here, and x_1, value_1 and s_2 push the
// generated locals to other suffixes.
// check: f [[0.5, -3, 1.25], 2, 3, 4, 5]
// check: g [[0.5, -3, 1.25], 7, 11, 13]
export function f(x: Float64Array, NaN: number, Infinity: number, undefined: number, Int32Array: number): number {
  return Math.abs(x[0]) * NaN + x[1] * Infinity + Math.max(x[2], undefined) * Int32Array;
}
export function g(x: Float64Array, x_1: number, value_1: number, s_2: number): number {
  let s = 0;
  const value = x[0] * x_1;
  for (let i = 0; i < x.length; i++) s += Math.abs(x[i]) * value_1;
  return s + value + s_2 * Math.max(x[1], 0);
}
