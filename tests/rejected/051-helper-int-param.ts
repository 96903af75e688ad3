// expect: ABS1402 float-index 7:18
function pick(x: Float64Array, k: number): number {
  return x[k];
}

export function picked(x: Float64Array): number {
  return pick(x, x[0]);
}
