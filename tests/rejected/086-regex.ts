// expect: ABS1310 string 3:14
export function matched(x: number): number {
  const re = /ab+c/;
  return x;
}
