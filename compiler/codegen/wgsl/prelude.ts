/**
 * WGSL helper functions (`absad_*`) that the op table's WGSL spellings (compiler/ir/ops.ts) and
 * the kernel emitter call, where WGSL has no built-in or its built-in differs from JavaScript.
 *
 * Takes the text of a kernel; returns the helpers it calls (and the helpers those call), in a
 * fixed order, so a kernel carries only what it uses.
 *
 * f32 semantics against JavaScript's f64, decided here:
 *   pow     WGSL's pow(a, b) is exp2(b log2 a), undefined for a <= 0. absad_pow follows JS:
 *           a ** 0 = 1; 0 ** b = 0 (b > 0) or Infinity (b < 0); a negative base gives
 *           |a| ** b with the sign of a for odd integer b, and NaN for a non-integer b.
 *   sin cos tan  WGSL allows sin/cos an absolute error of 2^-11 on [-pi, pi] and promises
 *           nothing outside (SwiftShader's err by 2e-4): absad reduces by pi/2 (Cody-Waite, two
 *           constants, accurate for |x| below ~1e4) and evaluates Taylor polynomials on
 *           [-pi/4, pi/4], a few f32 ulps. acos uses 2 atan2(sqrt(1 - x), sqrt(1 + x)).
 *   log1p expm1  keep their accuracy near 0 by the (1 + x) - 1 corrections of Goldberg (1991)
 *           and Kahan, instead of log(1 + x) and exp(x) - 1.
 *   log10   log2(x) * log10(2).   cbrt  sign(x) |x|^(1/3), one Newton step, cbrt(0) = 0.
 *   hypot   scaled by the largest |argument|, so f32 squares cannot overflow (as Math.hypot).
 *   idiv    Math.floor(a / b) on integers (WGSL's i32 division truncates toward zero).
 *   Infinity and NaN  WGSL has no literals for them and folds constant expressions strictly;
 *           absad_inf/absad_nan build them from bits at run time. WGSL lets implementations
 *           treat non-finite values loosely, so the kernel flags them (absad_nonfinite) and the
 *           host recomputes such elements in f64.
 */

interface Helper {
  needs: string[];
  text: string;
}

const HELPERS: Record<string, Helper> = {
  absad_inf: {
    needs: [],
    text: `fn absad_inf() -> f32 {
  var bits = 0x7f800000u;
  return bitcast<f32>(bits);
}`,
  },
  absad_nan: {
    needs: [],
    text: `fn absad_nan() -> f32 {
  var bits = 0x7fc00000u;
  return bitcast<f32>(bits);
}`,
  },
  absad_nonfinite: {
    needs: [],
    text: `fn absad_nonfinite(v: f32) -> bool {
  return (bitcast<u32>(v) & 0x7f800000u) == 0x7f800000u;
}`,
  },
  absad_pow: {
    needs: ['absad_inf', 'absad_nan'],
    text: `fn absad_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0) { return 1.0; }
  if (a > 0.0) { return pow(a, b); }
  if (a == 0.0) { return select(absad_inf(), 0.0, b > 0.0); }
  if (round(b) != b) { return absad_nan(); }
  let m = pow(-a, b);
  return select(m, -m, round(b * 0.5) != b * 0.5);
}`,
  },
  absad_quadrant: {
    needs: [],
    // x = q pi/2 + r with |r| <= pi/4: q = round(x 2/pi), pi/2 in two parts (Cody-Waite; the
    // first, 1.5703125, has 8 significant bits, so q * 1.5703125 is exact for |q| < 2^16).
    text: `fn absad_quadrant(x: f32) -> vec2<f32> {
  let q = round(x * 0.63661975);
  return vec2<f32>((x - q * 1.5703125) - q * 4.8382679e-4, q);
}`,
  },
  absad_sin_poly: {
    needs: [],
    // Taylor to r^9 on |r| <= pi/4: the remainder is below 2e-9, under half an f32 ulp of sin r.
    text: `fn absad_sin_poly(r: f32) -> f32 {
  let z = r * r;
  return r + r * z * (-0.16666667 + z * (0.008333334 + z * (-1.984127e-4 + z * 2.7557319e-6)));
}`,
  },
  absad_cos_poly: {
    needs: [],
    // Taylor to r^10 on |r| <= pi/4: the remainder is below 2e-10.
    text: `fn absad_cos_poly(r: f32) -> f32 {
  let z = r * r;
  return 1.0 + z * (-0.5 + z * (0.041666668 + z * (-0.0013888889 + z * (2.4801588e-5 + z * -2.7557319e-7))));
}`,
  },
  absad_sin: {
    needs: ['absad_quadrant', 'absad_sin_poly', 'absad_cos_poly'],
    text: `fn absad_sin(x: f32) -> f32 {
  let rq = absad_quadrant(x);
  let k = i32(rq.y) & 3;
  let v = select(absad_sin_poly(rq.x), absad_cos_poly(rq.x), (k & 1) == 1);
  return select(v, -v, k >= 2);
}`,
  },
  absad_cos: {
    needs: ['absad_quadrant', 'absad_sin_poly', 'absad_cos_poly'],
    text: `fn absad_cos(x: f32) -> f32 {
  let rq = absad_quadrant(x);
  let k = (i32(rq.y) + 1) & 3;
  let v = select(absad_sin_poly(rq.x), absad_cos_poly(rq.x), (k & 1) == 1);
  return select(v, -v, k >= 2);
}`,
  },
  absad_tan: {
    needs: ['absad_quadrant', 'absad_sin_poly', 'absad_cos_poly'],
    text: `fn absad_tan(x: f32) -> f32 {
  let rq = absad_quadrant(x);
  let s = absad_sin_poly(rq.x);
  let c = absad_cos_poly(rq.x);
  return select(s / c, -c / s, (i32(rq.y) & 1) == 1);
}`,
  },
  absad_acos: {
    needs: [],
    // acos x = 2 atan(sqrt((1 - x) / (1 + x))): no cancellation in 1 - x * x near |x| = 1.
    text: 'fn absad_acos(x: f32) -> f32 { return 2.0 * atan2(sqrt(1.0 - x), sqrt(1.0 + x)); }',
  },
  absad_log1p: {
    needs: [],
    text: `fn absad_log1p(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * (x / (u - 1.0));
}`,
  },
  absad_expm1: {
    needs: [],
    text: `fn absad_expm1(x: f32) -> f32 {
  let u = exp(x);
  if (u == 1.0) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  return um1 * (x / log(u));
}`,
  },
  absad_log10: { needs: [], text: 'fn absad_log10(x: f32) -> f32 { return log2(x) * 0.30103; }' },
  absad_cbrt: {
    needs: [],
    text: `fn absad_cbrt(x: f32) -> f32 {
  if (x == 0.0) { return x; }
  let a = abs(x);
  var r = pow(a, 0.33333334);
  r = r - (r * r * r - a) / (3.0 * r * r);
  return select(r, -r, x < 0.0);
}`,
  },
  absad_idiv: {
    needs: [],
    text: `fn absad_idiv(a: i32, b: i32) -> i32 {
  let q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) { return q - 1; }
  return q;
}`,
  },
};

/** absad_hypotK for K arguments: max |a_i| times the norm of the scaled arguments. */
function hypot(k: number): Helper {
  const args = Array.from({ length: k }, (_, i) => `a${i}`);
  const m = args.slice(1).reduce((acc, a) => `max(${acc}, abs(${a}))`, `abs(${args[0]})`);
  return {
    needs: [],
    text: [
      `fn absad_hypot${k}(${args.map((a) => `${a}: f32`).join(', ')}) -> f32 {`,
      `  let m = ${m};`,
      '  if (m == 0.0) { return 0.0; }',
      ...args.map((a, i) => `  let b${i} = ${a} / m;`),
      `  return m * sqrt(${args.map((_, i) => `b${i} * b${i}`).join(' + ')});`,
      '}',
    ].join('\n'),
  };
}

function helper(name: string): Helper | undefined {
  const h = /^absad_hypot(\d+)$/.exec(name);
  return h ? hypot(Number(h[1])) : HELPERS[name];
}

/** The helpers `code` calls, with their own dependencies, each once, in a stable order. */
export function preludeFor(code: string): string {
  const wanted = new Set<string>();
  const add = (name: string) => {
    if (wanted.has(name)) return;
    const h = helper(name);
    if (!h) return;
    wanted.add(name);
    h.needs.forEach(add);
  };
  for (const m of code.matchAll(/\babsad_\w+(?=\()/g)) add(m[0]);
  const order = [...wanted].sort();
  return order.map((n) => helper(n)!.text).join('\n\n');
}
