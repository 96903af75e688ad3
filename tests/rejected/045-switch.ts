// expect: ABS1109 unsupported-statement 4:3
export function choose(x: number, k: number): number {
  let s = 0;
  switch (k) {
    case 0:
      s = x;
  }
  return s;
}
