// expect: ABS1006 unsupported-top-level 6:1
export function half(x: number): number {
  return x / 2;
}

export default 42;
