// expect: ABS1201 discontinuous-elemental 3:10
export function chop(x) {
  return Math.trunc(x) + x;
}
