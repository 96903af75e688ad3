// expect: ABS1313 global 4:3
// expect: ABS1313 global 5:14
export function logged(x: number): number {
  console.log(x);
  return x * process.env.SCALE;
}
