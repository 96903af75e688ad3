// expect: ABS1101 data-dependent-loop 5:3
export function newton(x) {
  let y = x;
  let k = 0;
  while (k < 10) {
    y = (y + x / y) / 2;
    k++;
  }
  return y;
}
