/**
 * The two drawings of the HTML report, as static SVG text (no script needed to see them):
 *
 *   graphSvg(fn)        the switch dependence graph: one `g.node` per switching site, placed
 *                       in columns by switching depth (depth 1 on the left) and in site order
 *                       within a column; one `path.edge` per dependency (site j feeds site k);
 *                       `path.edge.loop` where a site feeds itself through a loop-carried value.
 *   plotSvg(fn, plot)   for one input, f as `path.f` with a `path.kink` at every zero of a
 *                       switching variable (and `rect.kink-region` where one is 0 on an
 *                       interval); for two, a heat map of f (`path.heat`, one per colour band),
 *                       level lines (`path.level`) and one `path.kink` per switching variable
 *                       tracing its zero set, and the base point (`circle.base`).
 *
 * Takes the report's FunctionReport and plot.ts's Plot; returns SVG markup. Coordinates are
 * rounded to 0.1 px to keep the file small.
 */
import type { FunctionReport, Site } from './analyze.js';
import type { HeatPlot, LinePlot } from './plot.js';
import { zeroSegments } from './contour.js';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const px = (v: number) => String(Math.round(v * 10) / 10);

/** A short readable number for axis labels. */
export function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

// ---------------------------------------------------------------------------------------------
// Switch dependence graph

const NODE_W = 150;
const NODE_H = 42;
const COL_W = 210;
const ROW_H = 62;
const PAD = 16;

export function siteTitle(fn: string, s: Site): string {
  const deps = [...s.dependsOn.inputs, ...s.dependsOn.sites.map((j) => `#${j}`)].join(', ') || 'nothing';
  return `${fn} site #${s.index}: ${s.kind}, z${Math.abs(s.z)}${s.z < 0 ? ' (merged, opposite sign)' : ''}, ${s.multiplicity} per call, depth ${s.depth}${s.loopCarried ? ' (loop-carried)' : ''}, depends on ${deps}${s.zero ? ', identically zero' : ''}`;
}

export function graphSvg(f: FunctionReport): string {
  const columns = new Map<number, Site[]>();
  for (const s of f.sites) {
    const col = columns.get(s.depth) ?? [];
    col.push(s);
    columns.set(s.depth, col);
  }
  const depths = [...columns.keys()].sort((a, b) => a - b);
  const maxRows = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const width = PAD * 2 + Math.max(1, depths.length) * COL_W - (COL_W - NODE_W);
  const height = PAD * 2 + 18 + maxRows * ROW_H - (ROW_H - NODE_H);
  const pos = new Map<number, { x: number; y: number }>();
  depths.forEach((d, c) => columns.get(d)!.forEach((s, r) => pos.set(s.index, { x: PAD + c * COL_W, y: PAD + 18 + r * ROW_H })));

  const out: string[] = [];
  out.push(`<svg class="graph" id="graph-${esc(f.name)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="switch dependence graph of ${esc(f.name)}">`);
  out.push(`<defs><marker id="arrow-${esc(f.name)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#556"/></marker></defs>`);
  depths.forEach((d, c) => out.push(`<text class="depth" x="${PAD + c * COL_W}" y="${PAD + 6}">depth ${d}</text>`));
  if (f.sites.length === 0) out.push(`<text class="empty" x="${PAD}" y="${PAD + 40}">no switching sites: ${esc(f.name)} is smooth</text>`);
  const arrow = `marker-end="url(#arrow-${esc(f.name)})"`;
  for (const s of f.sites) {
    const to = pos.get(s.index)!;
    for (const j of s.dependsOn.sites) {
      const from = pos.get(j);
      if (!from) continue;
      const x1 = from.x + NODE_W;
      const y1 = from.y + NODE_H / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_H / 2;
      const bend = Math.max(30, Math.abs(x2 - x1) / 2);
      out.push(`<path class="edge" data-from="${j}" data-to="${s.index}" d="M${px(x1)} ${px(y1)}C${px(x1 + bend)} ${px(y1)} ${px(x2 - bend)} ${px(y2)} ${px(x2)} ${px(y2)}" ${arrow}><title>site #${j} feeds site #${s.index}</title></path>`);
    }
    if (s.loopCarried) {
      const x = to.x + NODE_W * 0.7;
      out.push(`<path class="edge loop" data-from="${s.index}" data-to="${s.index}" d="M${px(x)} ${px(to.y)}c0 -16 22 -16 22 0" ${arrow}><title>site #${s.index} feeds itself through a loop-carried value: its switching depth grows with the trip count</title></path>`);
    }
  }
  const firstOfZ = new Map<number, number>();
  for (const s of f.sites) if (!firstOfZ.has(Math.abs(s.z))) firstOfZ.set(Math.abs(s.z), s.index);
  for (const s of f.sites) {
    const p = pos.get(s.index)!;
    const merged = firstOfZ.get(Math.abs(s.z)) !== s.index;
    const cls = ['node', merged ? 'merged' : '', s.zero ? 'zero' : ''].filter(Boolean).join(' ');
    const mult = s.multiplicity.length > 16 ? `${s.multiplicity.slice(0, 15)}…` : s.multiplicity;
    out.push(
      `<g class="${cls}" data-site="${esc(f.name)}:${s.index}" transform="translate(${p.x} ${p.y})"><title>${esc(siteTitle(f.name, s))}</title>` +
        `<rect width="${NODE_W}" height="${NODE_H}" rx="6"/>` +
        `<text x="8" y="17" class="label">#${s.index} ${esc(s.kind)}</text>` +
        `<text x="8" y="34" class="sub">z${Math.abs(s.z)}${merged ? ' merged' : ''} × ${esc(mult)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Plots

const PLOT_W = 420;
const PLOT_H = 320;
const M = { left: 56, right: 20, top: 16, bottom: 44 };

interface Frame {
  x: (v: number) => number;
  y: (v: number) => number;
}

/** Round tick values in [lo, hi]: steps of 1, 2 or 5 times a power of ten, about five of them. */
export function ticks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return out;
}

function axesSvg(xLo: number, xHi: number, yLo: number, yHi: number, xName: string, yName: string, fr: Frame): string {
  const out: string[] = [`<rect class="frame" x="${M.left}" y="${M.top}" width="${PLOT_W}" height="${PLOT_H}"/>`];
  for (const xv of ticks(xLo, xHi)) {
    out.push(`<line class="tick" x1="${px(fr.x(xv))}" y1="${M.top + PLOT_H}" x2="${px(fr.x(xv))}" y2="${M.top + PLOT_H + 5}"/><text class="tick" x="${px(fr.x(xv))}" y="${M.top + PLOT_H + 18}" text-anchor="middle">${esc(num(xv))}</text>`);
  }
  for (const yv of ticks(yLo, yHi)) {
    out.push(`<line class="tick" x1="${M.left - 5}" y1="${px(fr.y(yv))}" x2="${M.left}" y2="${px(fr.y(yv))}"/><text class="tick" x="${M.left - 8}" y="${px(fr.y(yv) + 4)}" text-anchor="end">${esc(num(yv))}</text>`);
  }
  out.push(`<text class="axis-name" x="${M.left + PLOT_W / 2}" y="${M.top + PLOT_H + 36}" text-anchor="middle">${esc(xName)}</text>`);
  out.push(`<text class="axis-name" transform="translate(14 ${M.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${esc(yName)}</text>`);
  return out.join('\n');
}

export function linePlotSvg(fn: string, p: LinePlot): string {
  const finite = p.f.filter(Number.isFinite);
  let lo = finite.length > 0 ? Math.min(...finite) : -1;
  let hi = finite.length > 0 ? Math.max(...finite) : 1;
  if (hi - lo < 1e-12) {
    lo -= 1;
    hi += 1;
  }
  const padY = (hi - lo) * 0.06;
  lo -= padY;
  hi += padY;
  const fr: Frame = {
    x: (v) => M.left + ((v - p.axis.lo) / (p.axis.hi - p.axis.lo)) * PLOT_W,
    y: (v) => M.top + (1 - (v - lo) / (hi - lo)) * PLOT_H,
  };
  const width = M.left + PLOT_W + M.right;
  const height = M.top + PLOT_H + M.bottom;
  const out: string[] = [`<svg class="plot line" id="plot-${esc(fn)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="plot of ${esc(fn)} along ${esc(p.axis.name)}">`];
  out.push(axesSvg(p.axis.lo, p.axis.hi, lo, hi, p.axis.name, `${fn}(…)`, fr));
  for (const r of p.zeroIntervals) {
    const x1 = fr.x(r.from);
    const x2 = fr.x(r.to);
    out.push(`<rect class="kink-region" x="${px(x1)}" y="${M.top}" width="${px(Math.max(1, x2 - x1))}" height="${PLOT_H}"><title>${esc(r.switch)} = 0 for ${esc(p.axis.name)} in [${num(r.from)}, ${num(r.to)}]</title></rect>`);
  }
  for (const k of p.kinks) {
    const x = px(fr.x(k.x));
    out.push(`<path class="kink" d="M${x} ${M.top}V${M.top + PLOT_H}"><title>${esc(k.switches.join(', '))} = 0 at ${esc(p.axis.name)} = ${esc(num(k.x))}</title></path>`);
  }
  let d = '';
  let pen = false;
  p.xs.forEach((x, i) => {
    const v = p.f[i];
    if (!Number.isFinite(v)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${px(fr.x(x))} ${px(fr.y(v))}`;
    pen = true;
  });
  out.push(`<path class="f" d="${d}"><title>${esc(fn)} along ${esc(p.axis.name)}</title></path>`);
  const b = p.base[p.axis.index];
  const fb = p.f[Math.round(((b - p.axis.lo) / (p.axis.hi - p.axis.lo)) * (p.xs.length - 1))];
  if (Number.isFinite(fb)) out.push(`<circle class="base" cx="${px(fr.x(b))}" cy="${px(fr.y(fb))}" r="3.5"><title>base point</title></circle>`);
  out.push('</svg>');
  return out.join('\n');
}

/** Colour stops of the heat map (low to high), interpolated in RGB. */
const STOPS = [
  [29, 43, 83],
  [42, 77, 143],
  [47, 127, 179],
  [58, 166, 160],
  [140, 197, 109],
  [231, 215, 90],
];

export function colourAt(t: number): string {
  const u = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(u));
  const w = u - k;
  const c = STOPS[k].map((a, i) => Math.round(a + (STOPS[k + 1][i] - a) * w));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

const BANDS = 24;

export function heatPlotSvg(fn: string, p: HeatPlot): string {
  const [ax, ay] = p.axes;
  const nx = p.xs.length;
  const finite = Array.from(p.f).filter(Number.isFinite);
  const lo = finite.length > 0 ? Math.min(...finite) : 0;
  const hi = finite.length > 0 ? Math.max(...finite) : 0;
  const span = hi - lo;
  const fr: Frame = {
    x: (v) => M.left + ((v - ax.lo) / (ax.hi - ax.lo)) * PLOT_W,
    y: (v) => M.top + (1 - (v - ay.lo) / (ay.hi - ay.lo)) * PLOT_H,
  };
  const barW = 70;
  const width = M.left + PLOT_W + M.right + barW;
  const height = M.top + PLOT_H + M.bottom;
  const out: string[] = [`<svg class="plot heat" id="plot-${esc(fn)}" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="heat map of ${esc(fn)} over ${esc(ax.name)}, ${esc(ay.name)}">`];

  // Heat map: each grid node colours the cell around it (clipped to the window); equal colours
  // in a row are merged into one rectangle, and each colour band is one path.
  const band = (v: number) => (!Number.isFinite(v) ? -1 : span > 0 ? Math.min(BANDS - 1, Math.floor(((v - lo) / span) * BANDS)) : 0);
  const edges = (vals: number[], k: number, lo0: number, hi0: number) => [k === 0 ? lo0 : (vals[k - 1] + vals[k]) / 2, k === vals.length - 1 ? hi0 : (vals[k] + vals[k + 1]) / 2];
  const paths = new Map<number, string>();
  p.ys.forEach((y, j) => {
    const [yA, yB] = edges(p.ys, j, ay.lo, ay.hi);
    let i = 0;
    while (i < nx) {
      const b = band(p.f[j * nx + i]);
      let e = i;
      while (e + 1 < nx && band(p.f[j * nx + e + 1]) === b) e++;
      const x0 = edges(p.xs, i, ax.lo, ax.hi)[0];
      const x1 = edges(p.xs, e, ax.lo, ax.hi)[1];
      paths.set(b, `${paths.get(b) ?? ''}M${px(fr.x(x0))} ${px(fr.y(yA))}H${px(fr.x(x1))}V${px(fr.y(yB))}H${px(fr.x(x0))}z`);
      i = e + 1;
    }
  });
  for (const [b, d] of [...paths.entries()].sort((a, c) => a[0] - c[0])) {
    const fill = b < 0 ? '#888' : colourAt((b + 0.5) / BANDS);
    out.push(`<path class="heat" fill="${fill}" d="${d}"/>`);
  }
  // Level lines of f between the bands (every fourth band edge).
  if (span > 0) {
    for (let k = 4; k < BANDS; k += 4) {
      const c = lo + (span * k) / BANDS;
      const seg = zeroSegments(Array.from(p.f, (v) => v - c), p.xs, p.ys);
      if (seg.length > 0) out.push(`<path class="level" d="${segmentsPath(seg, fr)}"><title>${esc(fn)} = ${esc(num(c))}</title></path>`);
    }
  }
  out.push(axesSvg(ax.lo, ax.hi, ay.lo, ay.hi, ax.name, ay.name, fr));
  for (const k of p.kinkLines) {
    out.push(`<path class="kink" data-switch="${esc(k.label)}" data-site="${esc(fn)}:${k.site}" d="${segmentsPath(k.segments, fr)}"><title>${esc(k.label)} = 0 (site #${k.site})</title></path>`);
  }
  out.push(`<circle class="base" cx="${px(fr.x(p.base[ax.index]))}" cy="${px(fr.y(p.base[ay.index]))}" r="3.5"><title>base point</title></circle>`);

  // Colour bar.
  const bx = M.left + PLOT_W + 18;
  out.push(`<defs><linearGradient id="bar-${esc(fn)}" x1="0" y1="1" x2="0" y2="0">${STOPS.map((_, i) => `<stop offset="${i / (STOPS.length - 1)}" stop-color="${colourAt(i / (STOPS.length - 1))}"/>`).join('')}</linearGradient></defs>`);
  out.push(`<rect class="colour-bar" x="${bx}" y="${M.top}" width="14" height="${PLOT_H}" fill="url(#bar-${esc(fn)})"/>`);
  out.push(`<text class="tick" x="${bx + 18}" y="${M.top + 10}">${esc(num(hi))}</text><text class="tick" x="${bx + 18}" y="${M.top + PLOT_H}">${esc(num(lo))}</text>`);
  out.push(`<text class="axis-name" x="${bx}" y="${M.top + PLOT_H + 18}">${esc(fn)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

function segmentsPath(seg: number[], fr: Frame): string {
  let d = '';
  for (let k = 0; k < seg.length; k += 4) d += `M${px(fr.x(seg[k]))} ${px(fr.y(seg[k + 1]))}L${px(fr.x(seg[k + 2]))} ${px(fr.y(seg[k + 3]))}`;
  return d;
}
