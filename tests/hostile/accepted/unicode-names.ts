// Unicode identifiers: Greek and accented letters, an astral-plane letter (two UTF-16 units),
// zero-width joiner and non-joiner (different names), and a Unicode escape of a parameter's
// name. Exported names stay exactly as written: they are the generated module's API.
// check: π [[1.5, -2, 0.25], 3]
// check: σ [[-0.75]]
const ω = 0.5;
function ψ(t: number): number {
  return Math.max(t, 0);
}
export function π(ξ: Float64Array, 𝑥: number): number {
  const ñ = ξ[0] * ω;
  const a‌b = ξ[1];
  const a‍b = ξ[2];
  return ψ(ñ) + Math.abs(a‌b - a‍b) * 𝑥 + \u{1D465};
}
export function σ(x: Float64Array): number {
  return ψ(x[0]) - 2 * ψ(-x[0]);
}
