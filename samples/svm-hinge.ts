// Soft-margin linear support vector machine (Cortes & Vapnik 1995), primal objective:
//   (1/m) sum_i max(0, 1 - y_i (w . x_i + bias)) + (lambda / 2) ||w||^2.
// theta packs the trainable parameters: theta = (w_0 .. w_{d-1}, bias), so d = theta.length - 1.
// X is row-major m x d, labels holds y_i in {-1, +1}, m = labels.length.
// The hinge max(0, 1 - u) has one kink per sample, where the margin u equals 1.

export function svmObjective(
  theta: Float64Array,
  X: Float64Array,
  labels: Float64Array,
  lambda: number,
): number {
  const d = theta.length - 1;
  const m = labels.length;
  let hinge = 0;
  for (let i = 0; i < m; i++) {
    let score = theta[d];
    for (let j = 0; j < d; j++) {
      score += theta[j] * X[i * d + j];
    }
    hinge += Math.max(0, 1 - labels[i] * score);
  }
  let norm2 = 0;
  for (let j = 0; j < d; j++) {
    norm2 += theta[j] * theta[j];
  }
  return hinge / m + 0.5 * lambda * norm2;
}
