// The tiny kink examples E1-E11 of theory.md §7a, written exactly as the table's
// "program (as written)" column, all meant to be examined at x = 0. They are small on purpose:
// each one exercises one way plain AD can go wrong at a kink (duplicated switches, switches that
// are identically zero, nested abs, cusps). E7, E8 and E9 take two variables, the rest one.

function relu(u: number): number {
  return Math.max(u, 0);
}

/** E1: |x|. */
export function e1(x: Float64Array): number {
  return Math.abs(x[0]);
}

/** E2: relu(x) - relu(-x), which equals x. */
export function e2(x: Float64Array): number {
  return relu(x[0]) - relu(-x[0]);
}

/** E3: |x| - |x| without CSE, which equals 0. */
export function e3(x: Float64Array): number {
  return Math.abs(x[0]) - Math.abs(x[0]);
}

/** E4: max(x, x), which equals x; its switch is identically zero. */
export function e4(x: Float64Array): number {
  return Math.max(x[0], x[0]);
}

/** E5: ||x| - x| - |-x|, which equals -x; no fixed abs'(0) gives the right answer. */
export function e5(x: Float64Array): number {
  return Math.abs(Math.abs(x[0]) - x[0]) - Math.abs(-x[0]);
}

/** E6: ||x| - x|, which equals 2 relu(-x). */
export function e6(x: Float64Array): number {
  return Math.abs(Math.abs(x[0]) - x[0]);
}

/** E7: ||x1| - |x2||. */
export function e7(x: Float64Array): number {
  return Math.abs(Math.abs(x[0]) - Math.abs(x[1]));
}

/** E8: the "hill" relu(x1 - |x2|) (Kreimeier, Example 3.3). */
export function e8(x: Float64Array): number {
  return relu(x[0] - Math.abs(x[1]));
}

/** E9: the "half pipe" max(x2^2 - max(x1, 0), 0). */
export function e9(x: Float64Array): number {
  return Math.max(x[1] * x[1] - Math.max(x[0], 0), 0);
}

/** E10: ||x| - x| - |x|, which equals -x. */
export function e10(x: Float64Array): number {
  return Math.abs(Math.abs(x[0]) - x[0]) - Math.abs(x[0]);
}

/** E11: ||x||, which equals |x|. */
export function e11(x: Float64Array): number {
  return Math.abs(Math.abs(x[0]));
}
