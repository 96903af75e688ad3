// fold / cse / dce: constants fold with JavaScript's own arithmetic, repeated
// subexpressions merge, unused values and dead loop-carried values disappear.
const SCALE = 2 * Math.PI;
const W = [0.5, 0.25];
export function f(x: Float64Array): number {
  const a = x[0] * SCALE + W[1];
  const b = x[0] * SCALE + W[1];
  let unused = 0;
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    unused += Math.exp(x[i]);
    s += x[i] * 1;
  }
  const dead = Math.sin(a);
  return a * b + s - 0;
}
