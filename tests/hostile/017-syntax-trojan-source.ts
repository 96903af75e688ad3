// expect: ABS1001 syntax-error 4:16
// Bidirectional overrides (Trojan Source) on the error line are shown escaped in the frame.
export function f(x: Float64Array): number {
  return x[0] +* 2; /* ‮ } ⁦ if (admin) ⁩ ⁦ */
}
