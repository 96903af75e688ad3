/**
 * `absad report --format pretty`: a readable report, 80 columns, colour only when asked.
 * Hazards print with the same code frames as compiler diagnostics.
 */
import { Chalk } from 'chalk';
import { formatDiagnostic } from '../diagnostics/format.js';
import type { Report } from './analyze.js';
import { samplePretty } from './sample.js';

export interface PrettyOptions {
  color: boolean;
  source: (file: string) => string | undefined;
}

/** Greedy word wrap to `width` columns with a hanging indent. */
function wrap(text: string, indent: string, width = 80): string[] {
  const lines: string[] = [];
  let cur = indent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (cur.trim().length > 0 && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = indent + word;
    } else cur = cur.trim().length > 0 ? `${cur} ${word}` : indent + word;
  }
  if (cur.trim().length > 0) lines.push(cur);
  return lines;
}

export function reportToPretty(r: Report, opts: PrettyOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const out: string[] = [];
  out.push(c.bold(`absad report: ${r.file}`) + `  (plain AD convention: abs'(0) = ${r.absKink})`);
  for (const f of r.functions) {
    out.push('');
    out.push(c.bold(`function ${f.name}(${f.params.join(', ')})`) + `  ${f.loc}`);
    out.push(`  sites ${f.sites.length}, switching variables ${f.switchCount}, switching depth ${f.depth}${f.depthGrowsWithLoops ? ' (grows with loop trips)' : ''}`);
    out.push(`  ${f.piecewiseLinear ? 'piecewise linear' : 'not piecewise linear'}${f.nonlinear.length > 0 ? ` (first: ${f.nonlinear[0]})` : ''}`);
    for (const s of f.sites) {
      const deps = [...s.dependsOn.inputs, ...s.dependsOn.sites.map((j) => `#${j}`)].join(', ') || 'nothing';
      out.push(...wrap(`#${s.index} ${c.cyan(s.kind)} z${s.z} at ${s.loc}, times ${s.multiplicity}, depth ${s.depth}${s.loopCarried ? '+' : ''}, depends on ${deps}${s.zero ? ', ZERO' : ''}`, '    '));
    }
    for (const h of f.hazards) {
      const d = { name: h.name, code: h.code, severity: 'warning' as const, message: h.message, span: h.span, hint: h.fix };
      let text = formatDiagnostic(d, { color: opts.color, source: opts.source });
      if (h.severity === 'info') text = text.replace(/warning/, 'info');
      out.push(text.split('\n').map((l) => `  ${l}`).join('\n'));
    }
    out.push(...wrap(`${c.bold('verdict:')} ${f.verdict}`, '  '));
    if (f.sample) out.push(...samplePretty(f.sample, (t) => c.bold(t)));
  }
  return out.join('\n');
}
