// expect: ABS1311 eval 5:13
// expect: ABS1310 string 5:26
// expect: ABS1310 string 5:31
export function built(x: number): number {
  const f = new Function('t', 'return t * 2');
  return x;
}
