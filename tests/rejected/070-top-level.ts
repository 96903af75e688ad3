// expect: ABS1006 unsupported-top-level 4:1
// expect: ABS1006 unsupported-top-level 5:1
// expect: ABS1006 unsupported-top-level 11:1
let calls = 0;
enum Mode { Sum, Max }

export function half(x: number): number {
  return x / 2;
}

export default 42;
