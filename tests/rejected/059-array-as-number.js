// expect: ABS1409 type-mismatch 3:21
export function doubled(x) {
  return x.length * x;
}
