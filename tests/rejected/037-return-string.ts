// expect: ABS1407 unsupported-return-type 2:38
// expect: ABS1002 type-error 3:3
export function describe(x: number): string {
  return x;
}
