// expect: ABS1101 data-dependent-loop 5:3
export function steps(x: Float64Array): number {
  let s = 0;
  let k = 0;
  do {
    s += x[k];
    k++;
  } while (k < x.length);
  return s;
}
