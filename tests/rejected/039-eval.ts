// expect: ABS1311 eval 7:10
// expect: ABS1310 string 7:15
// expect: ABS1311 eval 11:13
// expect: ABS1310 string 11:26
// expect: ABS1310 string 11:31
export function evaluated(x: number): number {
  return eval('x * 2');
}

export function built(x: number): number {
  const f = new Function('t', 'return t * 2');
  return x;
}
