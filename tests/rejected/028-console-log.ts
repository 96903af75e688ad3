// expect: ABS1313 global 3:3
export function logged(x: number): number {
  console.log(x);
  return x * x;
}
