// expect: ABS1109 unsupported-statement 4:3
export function guarded(x: number): number {
  let s = 0;
  try {
    s = Math.sqrt(x);
  } catch {
    s = 0;
  }
  return s;
}
