// expect: ABS1201 discontinuous-elemental 4:27
export function staircase(x: Float64Array): number {
  let s = 0;
  for (const v of x) s += Math.floor(v);
  return s;
}
