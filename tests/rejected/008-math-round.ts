// expect: ABS1201 discontinuous-elemental 3:17
export function quantize(x: number, step: number): number {
  return step * Math.round(x / step);
}
