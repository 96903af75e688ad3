/**
 * `absad report --format sarif`: the report as a SARIF 2.1.0 log (OASIS standard; the schema is
 * tests/fixtures/sarif-schema-2.1.0.json), so GitHub code scanning and other SARIF viewers show
 * the hazards and the kinks inline in the source.
 *
 * Takes a Report (analyze.ts); returns one log with one run:
 *   tool.driver.rules  one rule per analysis code of the diagnostics table (ABS3xxx), one per
 *                      compiler warning code that occurs, and `switching-site`;
 *   results            every hazard (level `warning`, or `note` for the informational ones),
 *                      every switching site (level `note`, rule `switching-site`) and every
 *                      compiler warning, each with its source region.
 *
 * Regions: absad spans are 1-based lines and columns counted in UTF-16 code units, end column
 * exclusive, which is exactly SARIF's region (endColumn is "the column of the character
 * following the end"); the run says `columnKind: utf16CodeUnits` so no viewer has to guess.
 * Artifact URIs are relative to the working directory with `uriBaseId: %SRCROOT%`, the form code
 * scanning resolves against the checkout.
 */
import * as path from 'node:path';
import { DIAGNOSTICS, type DiagnosticName } from '../diagnostics/codes.js';
import type { Span } from '../ir/types.js';
import { VERSION } from '../version.js';
import type { FunctionReport, Hazard, Report, Site } from './analyze.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json';
/** Where to read about absad: its package page (package.json names no repository). */
export const INFORMATION_URI = 'https://www.npmjs.com/package/absad';
export const SITE_RULE = 'switching-site';
const SRCROOT = '%SRCROOT%';

/** The analysis codes, each with the explanation a viewer shows next to the result. */
type AnalysisName =
  | 'structurally-zero-switch'
  | 'merged-switch'
  | 'nested-switch'
  | 'duplicate-switch'
  | 'recomputed-switch'
  | 'non-lipschitz-elemental'
  | 'singular-elemental'
  | 'nan-select';

interface RuleText {
  level: 'warning' | 'note';
  full: string;
  help: string;
}

const RULES: Record<AnalysisName, RuleText> = {
  'structurally-zero-switch': {
    level: 'warning',
    full: 'The switching variable of this max/min is identically zero (max(u, u) switches on z = u - u). Every evaluation lies exactly on its kink, so it is always active and LIKQ fails wherever the function is evaluated: a plain backward sweep may return a vector that is not a generalized gradient.',
    help: 'Remove the redundant operation: max(u, u) and min(u, u) are u.',
  },
  'merged-switch': {
    level: 'note',
    full: 'Two switching operations switch on the same variable up to sign, e.g. relu(x) - relu(-x) or |x| and |-x|. absad merged them into one switching variable, so the duplication does not break LIKQ for absad. Written as two, other AD tools see two switches that are always active together; LIKQ fails there and their derivative at the kink depends on the abs\'(0) convention.',
    help: 'Nothing to do for absad. For other AD tools write the expression once (relu(x) - relu(-x) is x).',
  },
  'nested-switch': {
    level: 'warning',
    full: 'An abs or relu applied directly to the nonnegative result of another abs or relu (||u||, relu(|u|)). Its switching variable is zero exactly where the inner one is, so both are active together and LIKQ fails there. When canonicalization removes the outer switch this is only a note.',
    help: 'Drop the outer operation: abs(abs(u)) = abs(u) and relu(abs(u)) = abs(u).',
  },
  'duplicate-switch': {
    level: 'warning',
    full: 'The same switching variable is computed twice and not merged, typically a network or helper evaluated twice on the same input. Wherever it is active two switching variables are zero with equal gradients, so LIKQ fails; absad then returns a `completion`-certified gradient instead of the plain backward-mode vector.',
    help: 'Compute the shared value once and reuse it (evaluate the network once and keep the result in a local).',
  },
  'recomputed-switch': {
    level: 'note',
    full: 'A nonsmooth subexpression is written twice (|x| - |x|). Common-subexpression elimination merged the copies, so absad sees one switching variable; evaluated twice, without CSE or in another AD tool, they are two equal switching variables and LIKQ fails wherever they are active.',
    help: 'Compute the value once and reuse it.',
  },
  'non-lipschitz-elemental': {
    level: 'warning',
    full: 'sqrt, cbrt, hypot, a power x ** p with 0 < p < 2 not an integer or p < 0, or a power with a variable exponent, applied to a value that depends on the differentiated input. Where its argument is 0 the function has an infinite slope or is undefined: it leaves the abs-smooth class, and gradients there are not certified.',
    help: 'If the argument is u * u write Math.abs(u); use a 1-norm or max-norm (sums of Math.abs) instead of hypot; otherwise keep the argument away from 0 (add a small positive constant).',
  },
  'singular-elemental': {
    level: 'warning',
    full: 'A logarithm of, or a division by, a value that depends on the differentiated input: undefined where the argument or divisor is 0, with an unbounded derivative near it.',
    help: 'Keep the argument positive, e.g. Math.log(u + eps), or divide by Math.max(d, eps).',
  },
  'nan-select': {
    level: 'warning',
    full: 'A select (ternary) with an arm computed by an operation that can give NaN or Infinity (division, sqrt, log, pow). Both arms are evaluated, and in the backward sweep 0 * Infinity = NaN reaches the gradient even when that arm is not chosen.',
    help: 'Compute the risky value only from safe arguments, e.g. divide by Math.max(d, eps).',
  },
};

const SITE_TEXT: RuleText = {
  level: 'note',
  full: 'A switching site: an abs, max, min, relu, clamp or ternary pattern whose switching variable z makes the function nonsmooth where z = 0 (theory.md section 1). Inside loops one site yields one switching variable per iteration (its multiplicity). The message gives the kind, the switching variable number, the multiplicity in the loop bounds, the switching depth and what z depends on.',
  help: 'Nothing to fix: the note marks where the function has kinks. At a kink absad checks LIKQ and certifies the gradient it returns.',
};

export interface SarifOptions {
  /** Artifact URIs are relative to this directory (default: the working directory). */
  cwd?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

interface SarifResult {
  [k: string]: Json;
}

export function reportToSarif(r: Report, opts: SarifOptions = {}): string {
  return JSON.stringify(sarifLog(r, opts), null, 2);
}

export function sarifLog(r: Report, opts: SarifOptions = {}): { [k: string]: Json } {
  const cwd = opts.cwd ?? process.cwd();
  const rules: { [k: string]: Json }[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (id: string, name: string, short: string, text: RuleText) => {
    ruleIndex.set(id, rules.length);
    rules.push({
      id,
      name,
      shortDescription: { text: short },
      fullDescription: { text: text.full },
      help: { text: `${text.full}\nSuggested fix: ${text.help}`, markdown: `${text.full}\n\n**Suggested fix:** ${text.help}` },
      defaultConfiguration: { level: text.level },
      properties: { tags: ['nonsmooth', 'absad'] },
    });
  };
  for (const [name, info] of Object.entries(DIAGNOSTICS) as [DiagnosticName, (typeof DIAGNOSTICS)[DiagnosticName]][]) {
    if (!info.code.startsWith('ABS3')) continue;
    const text = RULES[name as AnalysisName] ?? { level: 'warning', full: info.summary, help: 'see the message' };
    addRule(info.code, name, info.summary, text);
  }
  addRule(SITE_RULE, SITE_RULE, 'a switching site: the function has a kink where its switching variable is 0', SITE_TEXT);
  // Compiler warnings, less the analysis codes: the per-function analysis reports those itself
  // (the pipeline's ABS3001 warning is also a hazard), and only for the functions asked for.
  const compilerWarnings = r.diagnostics.filter((d) => !d.code.startsWith('ABS3'));
  for (const d of compilerWarnings) {
    if (ruleIndex.has(d.code)) continue;
    const summary = DIAGNOSTICS[d.name].summary;
    addRule(d.code, d.name, summary, { level: 'warning', full: summary, help: d.hint ?? 'see the message' });
  }

  // Artifacts: every file a result points into, the analysed file first.
  const artifacts: { [k: string]: Json }[] = [];
  const artifactIndex = new Map<string, number>();
  const artifactOf = (file: string): { [k: string]: Json } => {
    const uri = toUri(file, cwd);
    let index = artifactIndex.get(uri);
    if (index === undefined) {
      index = artifacts.length;
      artifactIndex.set(uri, index);
      const artifact: { [k: string]: Json } = { location: { uri, uriBaseId: SRCROOT }, sourceLanguage: /\.(m|c)?ts$/.test(file) ? 'typescript' : 'javascript' };
      if (path.resolve(cwd, file) === path.resolve(cwd, r.file)) artifact.roles = ['analysisTarget'];
      artifacts.push(artifact);
    }
    return { uri, uriBaseId: SRCROOT, index };
  };
  artifactOf(r.file);

  const location = (span: Span, fn?: FunctionReport): { [k: string]: Json } => {
    const file = span.file || r.file;
    const region: { [k: string]: Json } = {
      startLine: Math.max(1, span.line),
      startColumn: Math.max(1, span.col),
      endLine: Math.max(1, span.endLine, span.line),
      endColumn: Math.max(1, span.endCol),
    };
    const snippet = snippetOf(r.sources.get(file), span);
    if (snippet !== undefined) region.snippet = { text: snippet };
    const loc: { [k: string]: Json } = { physicalLocation: { artifactLocation: artifactOf(file), region } };
    if (fn) loc.logicalLocations = [{ name: fn.name, kind: 'function' }];
    return loc;
  };

  const results: SarifResult[] = [];
  for (const d of compilerWarnings) {
    results.push({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: d.severity === 'error' ? 'error' : 'warning',
      message: { text: d.hint ? `${d.message}. Hint: ${d.hint}` : d.message },
      locations: [location(d.span)],
    });
  }
  for (const f of r.functions) {
    for (const s of f.sites) results.push(siteResult(f, s, ruleIndex.get(SITE_RULE)!, location(s.span, f)));
    for (const h of f.hazards) results.push(hazardResult(f, h, ruleIndex.get(h.code)!, location(h.span, f)));
  }

  const sampled = r.functions.filter((f) => f.sample).map((f) => JSON.parse(JSON.stringify({ function: f.name, ...f.sample })) as Json);

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'absad',
            version: VERSION,
            ...(/^\d+\.\d+\.\d+/.test(VERSION) ? { semanticVersion: VERSION } : {}),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [{ executionSuccessful: true }],
        artifacts,
        columnKind: 'utf16CodeUnits',
        results,
        // `--sample N`: each function's kink sampling summary (the JSON report's `sample`).
        properties: { absKink: r.absKink, ...(sampled.length > 0 ? { sampling: sampled } : {}) },
      },
    ],
  };
}

function siteResult(f: FunctionReport, s: Site, ruleIndex: number, loc: { [k: string]: Json }): SarifResult {
  const deps = [...s.dependsOn.inputs, ...s.dependsOn.sites.map((j) => `site #${j}`)].join(', ') || 'nothing';
  const merged = s.z < 0 ? ` (merged: the switching variable of another site with the opposite sign)` : '';
  const times = s.multiplicity === '1' ? 'one switching variable per call' : `${s.multiplicity} switching variables per call`;
  const text =
    `Kink: ${s.kind} in ${f.name}, switching site #${s.index}, z${Math.abs(s.z)}${merged}; ${times}; ` +
    `switching depth ${s.depth}${s.loopCarried ? ' (grows with the loop trips)' : ''}; depends on ${deps}` +
    `${s.zero ? '; identically zero' : ''}.`;
  return {
    ruleId: SITE_RULE,
    ruleIndex,
    level: 'note',
    message: { text },
    locations: [loc],
    properties: {
      function: f.name,
      site: s.index,
      z: s.z,
      kind: s.kind,
      multiplicity: s.multiplicity,
      depth: s.depth,
      loopCarried: s.loopCarried,
      dependsOn: { inputs: s.dependsOn.inputs, sites: s.dependsOn.sites },
    },
  };
}

function hazardResult(f: FunctionReport, h: Hazard, ruleIndex: number, loc: { [k: string]: Json }): SarifResult {
  return {
    ruleId: h.code,
    ruleIndex,
    level: h.severity === 'warning' ? 'warning' : 'note',
    message: { text: `${h.message} (in ${f.name}). Suggested fix: ${h.fix}.` },
    locations: [loc],
    properties: { function: f.name, name: h.name, fix: h.fix },
  };
}

/** The source text of a span (lines joined with \n); undefined when the source is not known. */
function snippetOf(text: string | undefined, span: Span): string | undefined {
  if (text === undefined || span.line < 1) return undefined;
  const lines = text.split(/\r?\n/);
  const first = span.line - 1;
  const last = Math.max(span.endLine, span.line) - 1;
  if (last >= lines.length) return undefined;
  if (first === last) return lines[first].slice(span.col - 1, span.endCol - 1);
  const parts = [lines[first].slice(span.col - 1), ...lines.slice(first + 1, last), lines[last].slice(0, span.endCol - 1)];
  return parts.join('\n');
}

/** A relative URI reference for FILE from CWD, `/`-separated, each segment percent-encoded. */
export function toUri(file: string, cwd: string): string {
  const rel = path.relative(cwd, path.resolve(cwd, file)) || path.basename(file);
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}
