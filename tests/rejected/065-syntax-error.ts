// expect: ABS1001 syntax-error 3:19
export function broken(x: number): number {
  return x * (x + ;
}
