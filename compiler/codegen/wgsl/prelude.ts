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
 *   sin cos tan  WGSL bounds their error only on [-pi, pi]: the argument is reduced by 2 pi
 *           first (Cody-Waite, two constants), which is exact enough for |x| < ~1e4.
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
  absad_reduce: {
    needs: [],
    text: `fn absad_reduce(x: f32) -> f32 {
  let k = round(x * 0.15915494);
  return (x - k * 6.28125) - k * 0.0019353072;
}`,
  },
  absad_sin: { needs: ['absad_reduce'], text: 'fn absad_sin(x: f32) -> f32 { return sin(absad_reduce(x)); }' },
  absad_cos: { needs: ['absad_reduce'], text: 'fn absad_cos(x: f32) -> f32 { return cos(absad_reduce(x)); }' },
  absad_tan: { needs: ['absad_reduce'], text: 'fn absad_tan(x: f32) -> f32 { return tan(absad_reduce(x)); }' },
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
