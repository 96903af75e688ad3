// expect: ABS1407 unsupported-return-type 3:38
// expect: ABS1002 type-error 4:3
export function describe(x: number): string {
  return x;
}
