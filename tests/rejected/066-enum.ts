// expect: ABS1006 unsupported-top-level 2:1
enum Mode { Sum, Max }

export function combine(x: number): number {
  return x * 2;
}
