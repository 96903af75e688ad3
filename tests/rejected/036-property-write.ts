// expect: ABS1309 property-write 4:3
export function tag(x: Float64Array): number {
  const a = new Float64Array(2);
  a.foo = 1;
  return x[0];
}
