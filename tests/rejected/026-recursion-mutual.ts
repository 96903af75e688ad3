// expect: ABS1301 recursion 9:10
function even(x: Float64Array, k: number): number {
  if (k >= x.length) return 0;
  return x[k] + odd(x, k + 1);
}

function odd(x: Float64Array, k: number): number {
  if (k >= x.length) return 0;
  return even(x, k + 1) - x[k];
}

export function alternating(x: Float64Array): number {
  return even(x, 0);
}
