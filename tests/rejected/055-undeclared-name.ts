// expect: ABS1405 undefined-name 3:14
export function shifted(x: number): number {
  return x + offset;
}
