// expect: ABS1108 missing-return 2:1
export function forgot(x: number) {
  const y = x * 2;
}
