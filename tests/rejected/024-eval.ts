// expect: ABS1311 eval 3:10
// expect: ABS1310 string 3:15
export function evaluated(x: number): number {
  return eval('x * 2');
}
