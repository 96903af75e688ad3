// expect: ABS1411 constant-out-of-range 5:19
const W = [0.5, 0.25, 0.25];

export function weighted(x: Float64Array): number {
  return x[0] * W[3];
}
