// The demo's training data and initial weights, from a seeded generator so that every run (and
// the test in tests/webgpu-demo.test.ts) trains on the same points from the same start.

/** The demo's data set (two moons) and the seed of its initial weights. */
export const DEMO_DATA = { count: 256, noise: 0.1, seed: 7 } as const;
export const THETA_SEED = 11;

/** mulberry32: a small 32-bit generator, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal sample (Box-Muller). */
export function gaussian(rng: () => number): number {
  const u = 1 - rng(); // in (0, 1]: log(u) is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export interface Dataset {
  /** Number of points. */
  count: number;
  /** Points, flat row-major: point s is (x[2s], x[2s + 1]). */
  x: Float64Array;
  /** Labels, +1 or -1. */
  label: Float64Array;
}

/**
 * Two interleaved half circles ("two moons"), `count` points in all, half with label +1 (the
 * upper moon) and half with -1, with Gaussian noise of standard deviation `noise`; shifted and
 * scaled so that the points lie roughly in [-1.3, 1.3] x [-0.8, 0.8].
 */
export function twoMoons(count: number, noise: number, seed: number): Dataset {
  const rng = mulberry32(seed);
  const x = new Float64Array(2 * count);
  const label = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    const upper = s % 2 === 0;
    const t = Math.PI * rng();
    const px = upper ? Math.cos(t) : 1 - Math.cos(t);
    const py = upper ? Math.sin(t) : 0.5 - Math.sin(t);
    x[2 * s] = (px - 0.5 + noise * gaussian(rng)) / 1.2;
    x[2 * s + 1] = (py - 0.25 + noise * gaussian(rng)) / 1.2;
    label[s] = upper ? 1 : -1;
  }
  return { count, x, label };
}

/**
 * Initial parameters of model.ts's network (layout there): He-scaled normal weights, so that
 * the hidden activations neither vanish nor blow up, and small uniform biases, so that the
 * first layer's ReLU kinks do not all pass through the origin.
 */
export function initialTheta(H: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const theta = new Float64Array(H * H + 5 * H + 1);
  let at = 0;
  const fill = (n: number, draw: () => number) => {
    for (let i = 0; i < n; i++) theta[at++] = draw();
  };
  fill(2 * H, () => gaussian(rng) * Math.sqrt(2 / 2)); // W1
  fill(H, () => 0.5 * (2 * rng() - 1)); // b1
  fill(H * H, () => gaussian(rng) * Math.sqrt(2 / H)); // W2
  fill(H, () => 0.1 * (2 * rng() - 1)); // b2
  fill(H, () => gaussian(rng) * Math.sqrt(1 / H)); // w3
  fill(1, () => 0); // b3
  return theta;
}
