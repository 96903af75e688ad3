// expect: ABS1313 global 3:14
export function configured(x: number): number {
  return x * process.env.SCALE;
}
