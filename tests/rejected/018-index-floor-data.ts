// expect: ABS1201 discontinuous-elemental 3:12
export function lookup(x: Float64Array): number {
  return x[Math.floor(x[0])];
}
