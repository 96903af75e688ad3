// expect: ABS1003 no-exported-function 1:1
function hidden(x: number): number {
  return x * 2;
}
