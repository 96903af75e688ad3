// expect: ABS1201 discontinuous-elemental 3:10
export function sgn(x: number): number {
  return Math.sign(x) * x;
}
