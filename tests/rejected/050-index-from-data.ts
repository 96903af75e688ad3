// expect: ABS1402 float-index 4:12
export function gather(x: Float64Array): number {
  let k = x[0];
  return x[k];
}
