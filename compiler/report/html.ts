/**
 * `absad report --format html`: one self-contained HTML file (inline CSS, SVG and a few lines
 * of script, nothing loaded from the network) with
 *
 *   - the source, switching sites highlighted (`span.site`; the title gives function, site
 *     number, kind, switching variable, multiplicity and depth) and hazards underlined
 *     (`span.hazard`); lines have anchors `#L<file>-<line>`;
 *   - per function: its facts and verdict, a table of sites, the hazards with links to their
 *     lines, the switch dependence graph (`svg.graph`) and the plot of f with its kink set
 *     (`svg.plot`), both drawn in svg.ts; a note where no plot can be drawn and why.
 *
 * Takes the Report (analyze.ts) and one Plot per function (plot.ts); returns the page text.
 * Hovering a site in the source highlights its node in the graph, and the other way round.
 */
import { VERSION } from '../version.js';
import type { FunctionReport, Report } from './analyze.js';
import type { Plot } from './plot.js';
import { samplePretty } from './sample.js';
import { esc, graphSvg, heatPlotSvg, linePlotSvg, num, siteTitle } from './svg.js';

export interface HtmlOptions {
  /** One line saying how the plots were made (base point, slice, radius), shown in the header. */
  plotNote?: string;
}

interface Mark {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  classes: Set<string>;
  titles: string[];
  sites: string[];
}

export function reportToHtml(r: Report, plots: Map<string, Plot>, opts: HtmlOptions = {}): string {
  const files = filesShown(r);
  const fileIndex = new Map(files.map((f, i) => [f, i]));
  const anchor = (file: string, line: number) => `#L${fileIndex.get(file) ?? 0}-${line}`;
  const body: string[] = [];
  body.push(`<header><h1>absad report</h1><p><code>${esc(r.file)}</code> · absad ${esc(VERSION)} · plain AD convention abs'(0) = ${r.absKink} · ${r.functions.length} function${r.functions.length === 1 ? '' : 's'}</p>${opts.plotNote ? `<p class="note">${esc(opts.plotNote)}</p>` : ''}</header>`);
  body.push('<main>');
  body.push('<section class="sources">');
  files.forEach((file, i) => body.push(sourceHtml(file, i, r.sources.get(file) ?? '', marksFor(r, file))));
  body.push('</section>');
  body.push('<section class="functions">');
  for (const f of r.functions) body.push(functionHtml(f, plots.get(f.name), (file, line) => anchor(file || r.file, line), r.file));
  if (r.functions.length === 0) body.push('<p class="note">No exported function to report on.</p>');
  body.push('</section>');
  body.push('</main>');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>absad report: ${esc(r.file)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** The analysed file first, then any other file (an imported helper) a site or hazard is in. */
function filesShown(r: Report): string[] {
  const files = [r.file];
  for (const f of r.functions) {
    for (const span of [...f.sites.map((s) => s.span), ...f.hazards.map((h) => h.span)]) {
      const file = span.file || r.file;
      if (!files.includes(file) && r.sources.has(file)) files.push(file);
    }
  }
  return files;
}

function marksFor(r: Report, file: string): Mark[] {
  const marks = new Map<string, Mark>();
  const at = (span: { file: string; line: number; col: number; endLine: number; endCol: number }): Mark | null => {
    if ((span.file || r.file) !== file || span.line < 1) return null;
    const key = `${span.line}:${span.col}:${span.endLine}:${span.endCol}`;
    let m = marks.get(key);
    if (!m) {
      m = { line: span.line, col: span.col, endLine: Math.max(span.line, span.endLine), endCol: span.endCol, classes: new Set(), titles: [], sites: [] };
      marks.set(key, m);
    }
    return m;
  };
  for (const f of r.functions) {
    for (const s of f.sites) {
      const m = at(s.span);
      if (!m) continue;
      m.classes.add('site');
      m.titles.push(siteTitle(f.name, s));
      m.sites.push(`${f.name}:${s.index}`);
    }
    for (const h of f.hazards) {
      const m = at(h.span);
      if (!m) continue;
      m.classes.add('hazard');
      m.classes.add(h.severity);
      m.titles.push(`${f.name}: ${h.code} ${h.name} (${h.severity}): ${h.message}`);
    }
  }
  return [...marks.values()];
}

/** One file as numbered lines, with the marks as nested spans (cut at line ends). */
function sourceHtml(file: string, index: number, text: string, marks: Mark[]): string {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [`<h2 class="file"><code>${esc(file)}</code></h2>`, '<pre class="source">'];
  lines.forEach((line, k) => {
    const n = k + 1;
    // Marks on this line as column ranges [from, to), 1-based columns, outer (longer) first.
    const ranges = marks
      .filter((m) => m.line <= n && n <= m.endLine)
      .map((m) => ({ m, from: m.line === n ? m.col : 1, to: m.endLine === n ? m.endCol : line.length + 1 }))
      .filter((x) => x.to > x.from)
      .sort((a, b) => a.from - b.from || b.to - a.to);
    out.push(`<span class="line" id="L${index}-${n}"><span class="ln">${n}</span>${markedLine(line, ranges)}</span>`);
  });
  out.push('</pre>');
  return out.join('');
}

function markedLine(line: string, ranges: { m: Mark; from: number; to: number }[]): string {
  let html = '';
  let col = 1;
  const open: number[] = [];
  const text = (upTo: number) => {
    if (upTo > col) html += esc(line.slice(col - 1, upTo - 1));
    col = Math.max(col, upTo);
  };
  const closeUpTo = (c: number) => {
    while (open.length > 0 && open[open.length - 1] <= c) {
      text(open.pop()!);
      html += '</span>';
    }
  };
  for (const { m, from, to } of ranges) {
    closeUpTo(from);
    text(from);
    // A range that would cross its parent's end is cut there, so the spans stay nested.
    const end = open.length > 0 ? Math.min(to, open[open.length - 1]) : to;
    const attrs = `class="${[...m.classes].join(' ')}" title="${esc(m.titles.join('\n'))}"${m.sites.length > 0 ? ` data-sites="${esc(m.sites.join(' '))}"` : ''}`;
    html += `<span ${attrs}>`;
    open.push(end);
  }
  closeUpTo(Number.POSITIVE_INFINITY);
  text(line.length + 1);
  return html;
}

function functionHtml(f: FunctionReport, plot: Plot | undefined, anchor: (file: string, line: number) => string, mainFile: string): string {
  const out: string[] = [`<article class="fn" id="fn-${esc(f.name)}">`];
  out.push(`<h2>function <code>${esc(f.name)}(${esc(f.params.join(', '))})</code> <a class="loc" href="${anchor(mainFile, Number(f.loc.split(':').at(-2)))}">${esc(f.loc)}</a></h2>`);
  out.push(`<p class="facts">${f.sites.length} switching site${f.sites.length === 1 ? '' : 's'}, switching variables per call: <code>${esc(f.switchCount)}</code>, switching depth ${f.depth}${f.depthGrowsWithLoops ? ' (grows with loop trips)' : ''}, ${f.piecewiseLinear ? 'piecewise linear' : 'not piecewise linear'}.</p>`);
  out.push(`<p class="verdict">${esc(f.verdict)}</p>`);
  if (f.sites.length > 0) {
    out.push('<table class="sites"><thead><tr><th>#</th><th>kind</th><th>z</th><th>where</th><th>per call</th><th>depth</th><th>depends on</th></tr></thead><tbody>');
    for (const s of f.sites) {
      const deps = [...s.dependsOn.inputs, ...s.dependsOn.sites.map((j) => `#${j}`)].join(', ') || '—';
      out.push(`<tr data-site="${esc(f.name)}:${s.index}"><td>${s.index}</td><td>${esc(s.kind)}</td><td>z${Math.abs(s.z)}${s.z < 0 ? ' (−)' : ''}${s.zero ? ' ≡ 0' : ''}</td><td><a href="${anchor(s.span.file, s.span.line)}">${esc(s.loc)}</a></td><td><code>${esc(s.multiplicity)}</code></td><td>${s.depth}${s.loopCarried ? '+' : ''}</td><td>${esc(deps)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }
  out.push(`<h3>Hazards</h3>`);
  if (f.hazards.length === 0) out.push('<p class="note">none found</p>');
  else {
    out.push('<ul class="hazards">');
    for (const h of f.hazards) {
      out.push(`<li class="${h.severity}"><a href="${anchor(h.span.file, h.span.line)}">${esc(h.loc)}</a> <b>${esc(h.severity)} ${esc(h.code)}</b> ${esc(h.name)}: ${esc(h.message)}<br><span class="fix">fix: ${esc(h.fix)}</span></li>`);
    }
    out.push('</ul>');
  }
  if (f.sample) {
    out.push('<h3>Sampled kink points</h3>');
    out.push(`<pre class="sample">${esc(samplePretty(f.sample, (t) => t).map((l) => l.slice(2)).join('\n'))}</pre>`);
  }
  out.push('<div class="drawings">');
  out.push(`<figure><figcaption>Switch dependence graph (columns: switching depth)</figcaption>${graphSvg(f)}</figure>`);
  out.push(`<figure>${plotHtml(f.name, plot)}</figure>`);
  out.push('</div>');
  out.push('</article>');
  return out.join('\n');
}

function plotHtml(fn: string, plot: Plot | undefined): string {
  if (!plot) return `<figcaption>Plot</figcaption><p class="noplot">not drawn</p>`;
  if (plot.kind === 'none') return `<figcaption>Plot</figcaption><p class="noplot">No plot of ${esc(fn)}: ${esc(plot.reason)}.</p>`;
  const around = plot.base.length <= 8 ? `(${plot.base.map(num).join(', ')})` : `a point of ${plot.n} inputs`;
  const zero = plot.alwaysZero.length > 0 ? ` Identically zero on the window, so no line is drawn: ${plot.alwaysZero.join(', ')}.` : '';
  if (plot.kind === 'line') {
    const kinks = plot.kinks.length + plot.zeroIntervals.length;
    return `<figcaption>${esc(fn)} along ${esc(plot.axis.name)} around ${esc(around)}; red: zeros of the switching variables (${kinks} in view).${esc(zero)}</figcaption>${linePlotSvg(fn, plot)}`;
  }
  const slice = plot.n > 2 ? `the slice (${esc(plot.axes[0].name)}, ${esc(plot.axes[1].name)}) through ${esc(around)}` : `${esc(plot.axes[0].name)}, ${esc(plot.axes[1].name)} around ${esc(around)}`;
  return `<figcaption>${esc(fn)} over ${slice}; red: the kink set, where a switching variable is 0 (${plot.kinkLines.length} traced).${esc(zero)}</figcaption>${heatPlotSvg(fn, plot)}`;
}

const CSS = `
:root { --ink: #1d2433; --muted: #5b6475; --line: #d9dde5; --site: #fff1b8; --site-edge: #d4a017; --warn: #c0392b; --info: #2c7be5; --kink: #e0245e; }
* { box-sizing: border-box; }
pre.sample { background: #fff; border: 1px solid var(--line); padding: 8px 10px; overflow-x: auto; font-size: 12px; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
header { padding: 12px 20px; background: #1d2b53; color: #fff; }
header h1 { margin: 0; font-size: 18px; }
header p { margin: 2px 0 0; color: #cfd6e6; }
header code { color: #fff; }
main { display: grid; grid-template-columns: minmax(360px, 1fr) minmax(520px, 1.4fr); gap: 16px; padding: 16px 20px; align-items: start; }
.sources { position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 4px 0 8px; }
h2.file { font-size: 13px; margin: 6px 12px; color: var(--muted); }
pre.source { margin: 0; font: 12.5px/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
pre.source .line { display: block; padding-right: 12px; white-space: pre; }
pre.source .line:target { background: #eef3ff; }
pre.source .ln { display: inline-block; width: 3.2em; padding-right: 0.8em; text-align: right; color: #a0a7b4; user-select: none; }
.site { background: var(--site); border-bottom: 2px solid var(--site-edge); border-radius: 2px; cursor: help; }
.site .site { background: #ffe27a; }
.hazard.warning { text-decoration: underline wavy var(--warn); text-underline-offset: 3px; }
.hazard.info { text-decoration: underline dotted var(--info); text-underline-offset: 3px; }
.hl, .site.hl { background: #ffd5df; outline: 2px solid var(--kink); }
.functions { display: flex; flex-direction: column; gap: 16px; }
article.fn { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px 14px; }
article.fn h2 { font-size: 16px; margin: 4px 0 6px; }
article.fn h3 { font-size: 13px; margin: 10px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
a.loc { font-size: 12px; font-weight: normal; color: var(--muted); }
.facts, .verdict { margin: 4px 0; }
.verdict { color: var(--muted); }
.note, .noplot { color: var(--muted); }
table.sites { border-collapse: collapse; font-size: 12.5px; margin: 6px 0; }
table.sites th, table.sites td { border-bottom: 1px solid var(--line); padding: 2px 8px; text-align: left; }
table.sites tr.hl td { background: #ffd5df; }
ul.hazards { margin: 4px 0; padding-left: 18px; }
ul.hazards li.warning b { color: var(--warn); }
ul.hazards li.info b { color: var(--info); }
.fix { color: var(--muted); }
.drawings { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
figure { margin: 6px 0 0; }
figcaption { font-size: 12px; color: var(--muted); max-width: 560px; margin-bottom: 4px; }
svg text { font: 11px system-ui, sans-serif; fill: var(--ink); }
svg.graph .node rect { fill: #fff8dc; stroke: var(--site-edge); stroke-width: 1.5; }
svg.graph .node.merged rect { stroke-dasharray: 4 3; }
svg.graph .node.zero rect { fill: #fde2e2; stroke: var(--warn); }
svg.graph .node.hl rect { fill: #ffd5df; stroke: var(--kink); stroke-width: 2.5; }
svg.graph .node .label { font-weight: 600; }
svg.graph .node .sub, svg.graph .depth { fill: var(--muted); }
svg.graph .edge { fill: none; stroke: #556; stroke-width: 1.4; }
svg.plot .frame { fill: none; stroke: #9aa3b2; }
svg.plot .tick { stroke: #9aa3b2; fill: var(--muted); }
svg.plot text.tick { stroke: none; }
svg.plot .axis-name { fill: var(--ink); font-weight: 600; }
svg.plot .f { fill: none; stroke: #1d2b53; stroke-width: 2; }
svg.plot .level { fill: none; stroke: rgba(255, 255, 255, 0.35); stroke-width: 0.8; }
svg.plot .kink { fill: none; stroke: var(--kink); stroke-width: 2.2; stroke-linecap: round; }
svg.plot.line .kink { stroke-dasharray: 5 4; stroke-width: 2; }
svg.plot .kink-region { fill: rgba(224, 36, 94, 0.12); }
svg.plot .base { fill: #fff; stroke: var(--ink); stroke-width: 1.5; }
svg.plot .colour-bar { stroke: #9aa3b2; }
`;

/** Hover links between the source marks, the graph nodes and the site table rows. */
const SCRIPT = `
(function () {
  var byKey = {};
  function add(key, el) { (byKey[key] = byKey[key] || []).push(el); }
  document.querySelectorAll('[data-sites]').forEach(function (el) {
    el.getAttribute('data-sites').split(' ').forEach(function (k) { add(k, el); });
  });
  document.querySelectorAll('svg.graph [data-site], table.sites [data-site]').forEach(function (el) {
    add(el.getAttribute('data-site'), el);
  });
  function keysOf(el) {
    var s = el.getAttribute('data-sites');
    return s ? s.split(' ') : [el.getAttribute('data-site')];
  }
  function mark(el, on) {
    keysOf(el).forEach(function (k) {
      (byKey[k] || []).forEach(function (other) { other.classList.toggle('hl', on); });
    });
  }
  Object.keys(byKey).forEach(function (k) {
    byKey[k].forEach(function (el) {
      el.addEventListener('mouseenter', function () { mark(el, true); });
      el.addEventListener('mouseleave', function () { mark(el, false); });
    });
  });
  // One function reported: scroll the source panel to it.
  var fns = document.querySelectorAll('article.fn a.loc');
  var panel = document.querySelector('.sources');
  if (fns.length === 1 && panel && !location.hash) {
    var line = document.getElementById(fns[0].getAttribute('href').slice(1));
    if (line) panel.scrollTop += line.getBoundingClientRect().top - panel.getBoundingClientRect().top - 60;
  }
})();
`;
