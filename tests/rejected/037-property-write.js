// expect: ABS1309 property-write 3:3
export function mark(x) {
  x.seen = 1;
  return x[0];
}
