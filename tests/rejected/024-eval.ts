// expect: ABS1311 eval 4:10
// expect: ABS1310 string 4:15
export function evaluated(x: number): number {
  return eval('x * 2');
}
