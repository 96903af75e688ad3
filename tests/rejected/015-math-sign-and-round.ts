// expect: ABS1201 discontinuous-elemental 4:10
// expect: ABS1201 discontinuous-elemental 8:17
export function sgn(x: number): number {
  return Math.sign(x) * x;
}

export function quantize(x: number, step: number): number {
  return step * Math.round(x / step);
}
