// expect: ABS1310 string 6:17
// expect: ABS1310 string 7:15
// expect: ABS1310 string 8:14
// expect: ABS1310 string 9:15
export function labelled(x: number): number {
  const label = 'loss';
  const msg = `x is ${x}`;
  const re = /ab+c/;
  const big = 10n;
  return x * x;
}
