// expect: ABS1006 unsupported-top-level 2:1
let calls = 0;

export function counted(x: number): number {
  return x * 2;
}
