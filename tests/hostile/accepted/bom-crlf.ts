// A byte-order mark and CRLF line endings in an accepted program: ids and positions count
// lines as TypeScript does.
// check: huber [[0.5, -3, 1.25, 0.1], 1]
export function huber(r: Float64Array, delta: number): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const a = Math.abs(r[i]);
    const m = Math.min(a, delta);
    s += m * (a - 0.5 * m);
  }
  return s;
}
