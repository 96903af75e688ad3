/**
 * Zero-level lines of a field sampled on a regular grid (marching squares), for the HTML
 * report: the kink set of each switching variable z_i is where z_i = 0, and the level lines of
 * f are where f - c = 0.
 *
 * Takes the node values v[j * nx + i] at x = xs[i], y = ys[j]; returns line segments
 * [x1, y1, x2, y2, ...] in the same coordinates. A node is "inside" when v > 0; each cell edge
 * whose ends differ gets a crossing point by linear interpolation, which is exact where the
 * field is affine on the edge (every piecewise linear z away from other kinks). A node with
 * v = 0 exactly is outside, so a zero line running through grid nodes (z = x on a grid holding
 * x = 0) is drawn once, along those nodes. Cells with a non-finite corner are skipped. The two
 * saddle cases are decided by the mean of the four corners.
 */

export function zeroSegments(v: ArrayLike<number>, xs: readonly number[], ys: readonly number[]): number[] {
  const nx = xs.length;
  const ny = ys.length;
  const out: number[] = [];
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      // Corners counter-clockwise from bottom-left: a (i, j), b (i+1, j), c (i+1, j+1), d (i, j+1).
      const a = v[j * nx + i];
      const b = v[j * nx + i + 1];
      const c = v[(j + 1) * nx + i + 1];
      const d = v[(j + 1) * nx + i];
      if (!(Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(d))) continue;
      const code = (a > 0 ? 1 : 0) | (b > 0 ? 2 : 0) | (c > 0 ? 4 : 0) | (d > 0 ? 8 : 0);
      if (code === 0 || code === 15) continue;
      const x0 = xs[i];
      const x1 = xs[i + 1];
      const y0 = ys[j];
      const y1 = ys[j + 1];
      // Crossing points on the four edges: bottom (a-b), right (b-c), top (d-c), left (a-d).
      const lerp = (p: number, q: number) => p / (p - q);
      const bottom = (): [number, number] => [x0 + lerp(a, b) * (x1 - x0), y0];
      const right = (): [number, number] => [x1, y0 + lerp(b, c) * (y1 - y0)];
      const top = (): [number, number] => [x0 + lerp(d, c) * (x1 - x0), y1];
      const left = (): [number, number] => [x0, y0 + lerp(a, d) * (y1 - y0)];
      const seg = (p: [number, number], q: [number, number]) => out.push(p[0], p[1], q[0], q[1]);
      switch (code) {
        case 1:
        case 14:
          seg(left(), bottom());
          break;
        case 2:
        case 13:
          seg(bottom(), right());
          break;
        case 3:
        case 12:
          seg(left(), right());
          break;
        case 4:
        case 11:
          seg(right(), top());
          break;
        case 6:
        case 9:
          seg(bottom(), top());
          break;
        case 7:
        case 8:
          seg(left(), top());
          break;
        case 5:
        case 10: {
          // Saddle: a and c on one side, b and d on the other. The mean decides which pair connects.
          const centreInside = (a + b + c + d) / 4 > 0;
          const acInside = code === 5;
          if (centreInside === acInside) {
            seg(left(), top());
            seg(bottom(), right());
          } else {
            seg(left(), bottom());
            seg(right(), top());
          }
          break;
        }
      }
    }
  }
  return out;
}
