// expect: ABS1202 remainder-on-float 3:10
export function wrap(x: number): number {
  return (x * 3.5) % 1;
}
