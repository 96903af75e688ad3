// expect: ABS1102 non-static-loop-bound 4:23
export function partial(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x[0]; i++) {
    s += x[i];
  }
  return s;
}
