// expect: ABS1310 string 3:17
export function labelled(x: number): number {
  const label = 'loss';
  return x * x;
}
