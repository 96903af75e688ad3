// inline: helpers (function and const arrow), a helper calling a helper, an array helper.
function relu(t: number): number {
  return Math.max(t, 0);
}
const square = (u: number) => u * u;
function layer(w: Float64Array, x: Float64Array, k: number): Float64Array {
  const h = new Float64Array(k);
  for (let i = 0; i < k; i++) h[i] = relu(w[i] * x[i]);
  return h;
}
export function loss(w: Float64Array, x: Float64Array): number {
  const h = layer(w, x, 2);
  return square(h[0]) + relu(h[1] - 1);
}
