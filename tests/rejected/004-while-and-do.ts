// expect: ABS1101 data-dependent-loop 5:3
// expect: ABS1101 data-dependent-loop 14:3
export function halve(x: number): number {
  let y = x;
  while (y > 1) {
    y = y / 2;
  }
  return y;
}

export function steps(x: Float64Array): number {
  let s = 0;
  let k = 0;
  do {
    s += x[k];
    k++;
  } while (k < x.length);
  return s;
}
