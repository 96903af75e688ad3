// Plain JavaScript through acorn: untyped parameters are inferred from use
// (x is indexed, so an array; m bounds a loop, so an integer).
function hinge(t) {
  return Math.max(0, 1 - t);
}
export function svm(w, X, y, m) {
  const d = w.length;
  let s = 0;
  for (let i = 0; i < m; i++) {
    let dot = 0;
    for (let k = 0; k < d; k++) dot += w[k] * X[i * d + k];
    s += hinge(y[i] * dot);
  }
  return s / m;
}
