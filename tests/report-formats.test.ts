/**
 * `absad report --format sarif` and `--format html`.
 *
 * SARIF: the logs validate against the official OASIS SARIF 2.1.0 schema
 * (tests/fixtures/sarif-schema-2.1.0.json, ajv draft-07 with formats), the validator really
 * rejects broken logs, and every hazard and switching site of the JSON report is a result with
 * its rule, level and exact region.
 * HTML: the page opens in headless Chromium with no console or page errors and no network
 * request; the graph has one node per site and one edge per dependency; the plot has f drawn and
 * its kink lines where the theory puts them (checked on the SVG and on the screenshot's pixels).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../compiler/api.js';
import { DIAGNOSTICS } from '../compiler/diagnostics/codes.js';
import { analyzeFile, type Report } from '../compiler/report/analyze.js';
import { zeroSegments } from '../compiler/report/contour.js';
import { type HeatPlot, type LinePlot, type PlotRequest, samplePlot } from '../compiler/report/plot.js';
import { sarifLog } from '../compiler/report/sarif.js';
import { ticks } from '../compiler/report/svg.js';
import { absad, STACK_TRACE } from './util/cli.js';
import { countColour, decodePng, distinctColours } from './util/png.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-report-formats-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

// Every analysis hazard the report knows that samples/kinks.ts does not have (ABS3003-ABS3008).
const RISKY = `// Hazards for the SARIF test.
function net(theta: Float64Array, x: Float64Array, H: number): number {
  let out = 0;
  for (let h = 0; h < H; h++) {
    out += theta[H + h] * Math.max(theta[h] * x[0], 0);
  }
  return out;
}

export function risky(x: Float64Array, d: Float64Array, H: number): number {
  const r = Math.sqrt(x[0] * x[0] + x[1] * x[1]);
  const l = Math.log(x[1]);
  const s = d.length > 2 ? x[0] / x[1] : x[0];
  const pad = new Float64Array(H);
  const twice = (net(x, d, H) - 1) * (net(x, d, H) - 1) + pad[0];
  return r + l + s + twice + Math.abs(Math.abs(x[2]));
}
`;
const riskyFile = path.join(tmp, 'risky.ts');
fs.writeFileSync(riskyFile, RISKY);

// ---------------------------------------------------------------------------------------------
// SARIF

const schema = JSON.parse(fs.readFileSync('tests/fixtures/sarif-schema-2.1.0.json', 'utf8'));
// Strict, except strictRequired: the official schema names required properties in anyOf
// branches (`{ "required": ["index"] }`) without repeating their definitions, valid draft-07.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
const validate = ajv.compile(schema);

type Log = ReturnType<typeof sarifLog> & { runs: Run[] };
interface Run {
  tool: { driver: { name: string; version: string; informationUri: string; rules: Rule[] } };
  artifacts: { location: { uri: string; uriBaseId: string }; roles?: string[] }[];
  results: Result[];
  columnKind: string;
}
interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  defaultConfiguration: { level: string };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string; index: number }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number; snippet?: { text: string } } }; logicalLocations?: { name: string }[] }[];
  properties: Record<string, unknown>;
}

const logOf = (r: Report): Log => sarifLog(r) as Log;
const errorsOf = () => (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

/** Each hazard and site of the report must be a result at its exact region. */
function expectResultsMatch(r: Report, log: Log) {
  const [run] = log.runs;
  const results = run.results;
  for (const f of r.functions) {
    for (const h of f.hazards) {
      const match = results.filter(
        (x) =>
          x.ruleId === h.code &&
          x.locations[0].logicalLocations?.[0].name === f.name &&
          x.locations[0].physicalLocation.region.startLine === h.span.line &&
          x.locations[0].physicalLocation.region.startColumn === h.span.col &&
          x.locations[0].physicalLocation.region.endColumn === h.span.endCol,
      );
      expect(match, `${h.code} at ${h.loc} in ${f.name}`).toHaveLength(f.hazards.filter((g) => g.code === h.code && g.loc === h.loc).length);
      expect(match[0].level).toBe(h.severity === 'warning' ? 'warning' : 'note');
      expect(match[0].message.text).toContain(h.message);
      expect(match[0].message.text).toContain(h.fix);
    }
    const sites = results.filter((x) => x.ruleId === 'switching-site' && x.properties.function === f.name);
    expect(sites.map((x) => x.properties.site)).toEqual(f.sites.map((s) => s.index));
    sites.forEach((x, k) => {
      const s = f.sites[k];
      expect(x.level).toBe('note');
      expect(x.locations[0].physicalLocation.region).toMatchObject({ startLine: s.span.line, startColumn: s.span.col, endLine: s.span.endLine, endColumn: s.span.endCol });
      expect(x.message.text).toContain(`switching site #${s.index}, z${Math.abs(s.z)}`);
    });
  }
  for (const x of results) expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
  const hazardCount = r.functions.reduce((n, f) => n + f.hazards.length + f.sites.length, 0);
  expect(results.filter((x) => x.ruleId.startsWith('ABS3') || x.ruleId === 'switching-site')).toHaveLength(hazardCount);
}

describe('absad report --format sarif', () => {
  const kinks = analyzeFile('samples/kinks.ts');
  const kinksLog = logOf(kinks);
  const kinksLines = fs.readFileSync('samples/kinks.ts', 'utf8').split('\n');

  it('samples/kinks.ts: the log is valid SARIF 2.1.0 (official schema)', () => {
    const ok = validate(kinksLog);
    expect(errorsOf()).toEqual([]);
    expect(ok).toBe(true);
    expect(kinksLog.version).toBe('2.1.0');
    const driver = kinksLog.runs[0].tool.driver;
    expect(driver.name).toBe('absad');
    expect(driver.version).toBe(JSON.parse(fs.readFileSync('package.json', 'utf8')).version);
    expect(kinksLog.runs[0].columnKind).toBe('utf16CodeUnits');
  });

  it('the validator rejects broken logs (so the check above means something)', () => {
    const broken = (edit: (l: Log) => void): Log => {
      const copy = JSON.parse(JSON.stringify(kinksLog)) as Log;
      edit(copy);
      return copy;
    };
    const cases: [string, (l: Log) => void, RegExp][] = [
      ['column 0 (SARIF columns start at 1)', (l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startColumn = 0), /startColumn must be >= 1/],
      ['level "info" (not a SARIF level)', (l) => (l.runs[0].results[0].level = 'info'), /level must be equal to one of the allowed values/],
      ['no version', (l) => delete (l as { version?: string }).version, /must have required property 'version'/],
      ['informationUri that is not a URI', (l) => (l.runs[0].tool.driver.informationUri = 'absad docs'), /informationUri must match format "uri"/],
      ['an unknown result property', (l) => ((l.runs[0].results[0] as unknown as Record<string, unknown>).severity = 'high'), /must NOT have additional properties/],
    ];
    for (const [what, edit, message] of cases) {
      expect(validate(broken(edit)), what).toBe(false);
      expect(errorsOf().join('\n'), what).toMatch(message);
    }
  });

  it('one rule per analysis code of the diagnostics table, plus switching-site, each with a fix', () => {
    const rules = kinksLog.runs[0].tool.driver.rules;
    const analysis = Object.entries(DIAGNOSTICS).filter(([, d]) => d.code.startsWith('ABS3'));
    expect(rules.map((r) => r.id)).toEqual([...analysis.map(([, d]) => d.code), 'switching-site']);
    for (const [name, d] of analysis) {
      const rule = rules.find((r) => r.id === d.code)!;
      expect(rule.name).toBe(name);
      expect(rule.shortDescription.text).toBe(d.summary);
      // A real explanation, not the one-line summary again.
      expect(rule.fullDescription.text.length).toBeGreaterThan(d.summary.length + 40);
      expect(rule.help.text).toMatch(/Suggested fix: \S/);
      expect(rule.help.markdown).toContain('**Suggested fix:**');
    }
    expect(rules.find((r) => r.id === 'ABS3002')!.defaultConfiguration.level).toBe('note');
    expect(rules.find((r) => r.id === 'ABS3004')!.defaultConfiguration.level).toBe('warning');
  });

  it('every hazard and switching site of the JSON report is a result at its exact region', () => {
    expectResultsMatch(kinks, kinksLog);
    expect(kinksLog.runs[0].artifacts).toEqual([{ location: { uri: 'samples/kinks.ts', uriBaseId: '%SRCROOT%' }, sourceLanguage: 'typescript', roles: ['analysisTarget'] }]);
  });

  it('known hazards: E4 max(x, x) is an ABS3001 warning, E2 an ABS3002 note, E11 an ABS3003 note, E3 an ABS3005 note', () => {
    const results = kinksLog.runs[0].results;
    const find = (code: string, fn: string) => results.find((x) => x.ruleId === code && x.properties.function === fn)!;
    const line = (anchor: string) => kinksLines.findIndex((l) => l.includes(anchor)) + 1;
    const e4 = find('ABS3001', 'e4');
    expect(e4.level).toBe('warning');
    const e4Region = e4.locations[0].physicalLocation.region;
    expect(e4Region).toMatchObject({ startLine: line('return Math.max(x[0], x[0])'), startColumn: 10, endColumn: 30, snippet: { text: 'Math.max(x[0], x[0])' } });
    expect(e4.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'samples/kinks.ts', uriBaseId: '%SRCROOT%', index: 0 });
    expect(find('ABS3002', 'e2')).toMatchObject({ level: 'note', locations: [{ physicalLocation: { region: { startLine: line('return Math.max(u, 0)'), startColumn: 10 } } }] });
    expect(find('ABS3003', 'e11').level).toBe('note');
    expect(find('ABS3005', 'e3').locations[0].physicalLocation.region.startColumn).toBe(kinksLines[line('return Math.abs(x[0]) - Math.abs(x[0])') - 1].lastIndexOf('Math.abs') + 1);
    // The pipeline's own ABS3001 warning is not reported twice.
    expect(results.filter((x) => x.ruleId === 'ABS3001')).toHaveLength(1);
  });

  it('regions are 1-based UTF-16 columns with an exclusive end: the snippet is the source text there', () => {
    for (const x of kinksLog.runs[0].results) {
      const region = x.locations[0].physicalLocation.region;
      expect(region.startLine).toBe(region.endLine);
      const text = kinksLines[region.startLine - 1].slice(region.startColumn - 1, region.endColumn - 1);
      expect(region.snippet?.text).toBe(text);
      expect(text).toMatch(/^Math\.(abs|max)\(.*\)$/);
    }
  });

  it('a file with every other hazard (ABS3003-ABS3008) validates and matches the JSON report', () => {
    const r = analyzeFile(riskyFile);
    const codes = new Set(r.functions.flatMap((f) => f.hazards.map((h) => h.code)));
    expect([...codes].sort()).toEqual(['ABS3003', 'ABS3004', 'ABS3006', 'ABS3007', 'ABS3008']);
    const log = logOf(r);
    expect(validate(log), errorsOf().join('\n')).toBe(true);
    expectResultsMatch(r, log);
    const uri = log.runs[0].artifacts[0].location.uri;
    expect(path.resolve(decodeURIComponent(uri))).toBe(riskyFile);
  });

  it('other samples validate, and sites in an imported module point into that file', () => {
    for (const file of ['samples/relu-mlp.ts', 'samples/soft-threshold.ts', 'samples/ternary-patterns.ts', 'samples/active-faces.ts', 'tests/fixtures/imports/main.ts']) {
      const r = analyzeFile(file);
      const log = logOf(r);
      expect(validate(log), `${file}: ${errorsOf().join('\n')}`).toBe(true);
      expectResultsMatch(r, log);
    }
    const imported = logOf(analyzeFile('tests/fixtures/imports/main.ts'));
    expect(imported.runs[0].artifacts.map((a) => a.location.uri)).toEqual(['tests/fixtures/imports/main.ts', 'tests/fixtures/imports/helper.ts']);
    const site = imported.runs[0].results.find((x) => x.ruleId === 'switching-site')!;
    expect(site.locations[0].physicalLocation.artifactLocation).toMatchObject({ uri: 'tests/fixtures/imports/helper.ts', index: 1 });
    expect(site.locations[0].physicalLocation.region.snippet?.text).toBe('Math.abs(t)');
  });

  it('the CLI writes the same log with -o; a bad format is a located usage error and writes nothing', () => {
    const out = path.join(tmp, 'kinks.sarif');
    const r = absad(['report', 'samples/kinks.ts', '--format', 'sarif', '-o', out]);
    expect(r.code).toBe(0);
    const written = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(validate(written), errorsOf().join('\n')).toBe(true);
    expect(written.runs[0].results).toEqual(JSON.parse(JSON.stringify(kinksLog.runs[0].results)));
    const stdout = absad(['report', 'samples/kinks.ts', '--fn', 'e7', '--format', 'sarif']);
    expect(stdout.code).toBe(0);
    expect(JSON.parse(stdout.stdout).runs[0].results.map((x: Result) => x.ruleId)).toEqual(['switching-site', 'switching-site', 'switching-site']);
    const badOut = path.join(tmp, 'never.out');
    const bad = absad(['report', 'samples/kinks.ts', '--format', 'xml', '-o', badOut]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/ABS5001 usage: --format takes pretty, json, sarif or html, got 'xml'/);
    expect(bad.stderr).not.toMatch(STACK_TRACE);
    expect(fs.existsSync(badOut)).toBe(false);
  });
});

describe('--sample in the SARIF and HTML reports', () => {
  const args = ['report', 'samples/kinks.ts', '--fn', 'e5', '--sample', '20', '--seed', '3'];
  const json = () => JSON.parse(absad([...args, '--format', 'json']).stdout) as { functions: { name: string; sample: Record<string, unknown> }[] };

  it('SARIF: the log validates and its run properties hold each function\'s sampling summary, as the JSON report has it', () => {
    const r = absad([...args, '--format', 'sarif']);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(validate(log), errorsOf().join('\n')).toBe(true);
    const sampling = log.runs[0].properties.sampling as { function: string; kinkPoints: number; likq: { failures: number }; plainAd: { wrong: number } }[];
    const { sample } = json().functions[0];
    expect(sampling).toEqual([{ function: 'e5', ...sample }]);
    // theory.md E5: LIKQ fails at every kink point.
    expect(sampling[0].kinkPoints).toBe(20);
    expect(sampling[0].likq.failures).toBe(20);
    // Without --sample there is none.
    expect(JSON.parse(absad(['report', 'samples/kinks.ts', '--fn', 'e5', '--format', 'sarif']).stdout).runs[0].properties.sampling).toBeUndefined();
  });

  it('HTML: a section with the summary the terminal report prints', () => {
    const out = path.join(tmp, 'e5-sample.html');
    expect(absad([...args, '--format', 'html', '-o', out]).code).toBe(0);
    const html = fs.readFileSync(out, 'utf8');
    const pretty = absad(args).stdout;
    expect(html).toContain('<h3>Sampled kink points</h3>');
    const line = pretty.split('\n').find((l) => l.includes('kink points 20:'))!.trim();
    expect(html).toContain(line);
    expect(html).toMatch(/LIKQ fails at 20 of 20/);
  });
});

// ---------------------------------------------------------------------------------------------
// Plot data (plot.ts, contour.ts): kinks where the theory puts them

describe('plot data', () => {
  const kinksModule = compile({ file: 'samples/kinks.ts' }).module!;
  const plotOf = (name: string, req: PlotRequest = {}, module = kinksModule) => samplePlot(module, module.funcs.find((f) => f.name === name)!, req);
  const points = (segments: number[]) => Array.from({ length: segments.length / 2 }, (_, k) => [segments[2 * k], segments[2 * k + 1]]);

  it('zero lines of an affine field are exact; a field that never changes sign has none', () => {
    const xs = [0, 0.25, 0.5, 0.75, 1];
    const ys = [0, 0.5, 1];
    const v = ys.flatMap((y) => xs.map((x) => x + 0.5 * y - 0.6));
    const seg = zeroSegments(v, xs, ys);
    expect(seg.length).toBeGreaterThan(0);
    for (const [x, y] of points(seg)) expect(x + 0.5 * y - 0.6).toBeCloseTo(0, 12);
    expect(zeroSegments(v.map((a) => a * a + 1), xs, ys)).toEqual([]);
  });

  it('E1 |x| on a line: one kink, at 0, found by bisection when 0 is not a sample', () => {
    const p = plotOf('e1', { around: [0.123] }) as LinePlot;
    expect(p.kind).toBe('line');
    expect(p.n).toBe(1);
    expect(p.kinks).toHaveLength(1);
    expect(Math.abs(p.kinks[0].x)).toBeLessThan(1e-12);
    expect(p.kinks[0].switches).toEqual(['z1']);
    p.xs.forEach((x, i) => expect(p.f[i]).toBe(Math.abs(x)));
  });

  it('E4 max(x, x): the switching variable is identically zero, so there is no kink to draw', () => {
    const p = plotOf('e4') as LinePlot;
    expect(p.kinks).toEqual([]);
    expect(p.alwaysZero).toEqual(['z1']);
  });

  it('E5: ||x| - x| - |-x| has z2 = |x| - x = 0 on the whole half-line x >= 0', () => {
    const p = plotOf('e5') as LinePlot;
    expect(p.kinks.map((k) => k.x)).toEqual([0]);
    expect(p.zeroIntervals).toEqual([{ from: 0, to: 2, switch: 'z2' }]);
  });

  it('E8 relu(x1 - |x2|): kink lines x2 = 0 and x1 = |x2|', () => {
    const p = plotOf('e8') as HeatPlot;
    expect(p.kind).toBe('heat');
    expect(p.axes.map((a) => a.name)).toEqual(['x[0]', 'x[1]']);
    expect(p.kinkLines.map((k) => k.label)).toEqual(['z1', 'z2']);
    for (const [, y] of points(p.kinkLines[0].segments)) expect(y).toBeCloseTo(0, 12);
    for (const [x, y] of points(p.kinkLines[1].segments)) expect(x - Math.abs(y)).toBeCloseTo(0, 12);
    // The lines cross the whole window.
    const xs1 = points(p.kinkLines[0].segments).map(([x]) => x);
    expect(Math.min(...xs1)).toBe(-2);
    expect(Math.max(...xs1)).toBe(2);
  });

  it('chained LQ, slice (x[0], x[1]) of n = 4 through 0: the unit circle (i = 0) and x[1] = +-1 (i = 1)', () => {
    const module = compile({ file: 'samples/chained-lq.ts' }).module!;
    const p = plotOf('chainedLQ', {}, module) as HeatPlot;
    expect(p.n).toBe(4);
    expect(p.kinkLines.map((k) => k.label)).toEqual(['z1[i=0]', 'z1[i=1]']);
    for (const [x, y] of points(p.kinkLines[0].segments)) expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(0.01);
    for (const [, y] of points(p.kinkLines[1].segments)) expect(Math.abs(Math.abs(y) - 1)).toBeLessThan(1e-9);
    // f on the grid is the function itself: sum of max(-a-b, -a-b+a^2+b^2-1) over the chain.
    const j = 10;
    const i = 47;
    const [a, b] = [p.xs[i], p.ys[j]];
    const expected = Math.max(-a - b, -a - b + a * a + b * b - 1) + Math.max(-b, -b + b * b - 1) + Math.max(0, -1);
    expect(p.f[j * p.xs.length + i]).toBeCloseTo(expected, 12);
    // Another slice through another point.
    const q = plotOf('chainedLQ', { around: [0, 0.5, 0.5], slice: [1, 2] }, module) as HeatPlot;
    expect(q.axes.map((ax) => [ax.name, ax.lo, ax.hi])).toEqual([['x[1]', -1.5, 2.5], ['x[2]', -1.5, 2.5]]);
  });

  it('requests that do not fit are input errors; missing data parameters are named', () => {
    const e7 = plotOf('e7', { around: [0, 0, 0], slice: [0, 5] });
    expect(e7).toMatchObject({ kind: 'none', inputError: true });
    expect((e7 as { reason: string }).reason).toMatch(/5 is not one of them/);
    const huber = compile({ file: 'samples/huber.ts' }).module!;
    const h = samplePlot(huber, huber.funcs.find((f) => f.name === 'huberLoss')!, {});
    expect(h).toMatchObject({ kind: 'none', inputError: false });
    expect((h as { reason: string }).reason).toBe("it needs values for 'A', 'b', 'delta': pass --fn huberLoss --arg A=VEC --arg b=VEC --arg delta=VEC");
  });

  it('x too short for the elements read is an input error; f NaN on the whole window is a note', () => {
    const e7 = plotOf('e7', { around: [0.5] });
    expect(e7).toEqual({ kind: 'none', reason: 'e7 reads x[1], so x needs at least 2 values, but --around has 1', inputError: true });
    expect(plotOf('e7', { n: 1 })).toMatchObject({ kind: 'none', reason: 'e7 reads x[1], so x needs at least 2 values, but --n is 1' });
    const file = path.join(tmp, 'nan.ts');
    fs.writeFileSync(file, 'export function nan(x: Float64Array): number {\n  return Math.sqrt(-1 - Math.abs(x[0]));\n}\n');
    const module = compile({ file }).module!;
    expect(plotOf('nan', {}, module)).toEqual({ kind: 'none', reason: 'nan is NaN or infinite everywhere on the window (are the data parameters the right size?)', inputError: false });
  });

  it('axis ticks are round numbers inside the window', () => {
    expect(ticks(-2, 2)).toEqual([-2, -1, 0, 1, 2]);
    expect(ticks(-0.12, 2.12)).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(ticks(-2.249, 16)).toEqual([0, 5, 10, 15]);
  });
});

// ---------------------------------------------------------------------------------------------
// HTML in headless Chromium

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('absad report --format html in headless Chromium', () => {
  let context: BrowserContext;
  const kinksHtml = path.join(tmp, 'kinks.html');
  const kinks = analyzeFile('samples/kinks.ts');

  beforeAll(async () => {
    const r = absad(['report', 'samples/kinks.ts', '--format', 'html', '-o', kinksHtml]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    context = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(tmp, 'profile-')), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 1000 } });
  });
  afterAll(async () => {
    await context?.close();
  });

  /** Opens a report; returns the page and the console errors, page errors and requests seen. */
  async function open(file: string): Promise<{ page: Page; problems: string[]; requests: string[] }> {
    const page = await context.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems, requests };
  }

  it('opens without console or page errors and loads nothing but itself', async () => {
    const { page, problems, requests } = await open(kinksHtml);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(kinksHtml).href]);
    expect(await page.title()).toBe('absad report: samples/kinks.ts');
    const text = fs.readFileSync(kinksHtml, 'utf8');
    expect(text).not.toMatch(/(src|href)="(https?:)?\/\//);
    await page.close();
  });

  it('the switch dependence graph has one node per site and one edge per dependency', async () => {
    const { page } = await open(kinksHtml);
    for (const f of kinks.functions) {
      const nodes = await page.locator(`#graph-${f.name} g.node`).count();
      expect(nodes, f.name).toBe(f.sites.length);
      const edges = await page.locator(`#graph-${f.name} path.edge`).count();
      expect(edges, f.name).toBe(f.sites.reduce((n, s) => n + s.dependsOn.sites.length + (s.loopCarried ? 1 : 0), 0));
    }
    // E7: sites #1 and #2 (|x1|, |x2|) feed #3, one column to the right.
    const e7 = await page.locator('#graph-e7 g.node').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-site'), (g as SVGGElement).getBBox().width, g.getBoundingClientRect().x]));
    expect(e7.map((n) => n[0])).toEqual(['e7:1', 'e7:2', 'e7:3']);
    expect(e7.every((n) => (n[1] as number) > 100)).toBe(true);
    expect(e7[2][2] as number).toBeGreaterThan((e7[0][2] as number) + 100);
    expect(e7[0][2]).toBe(e7[1][2]);
    await page.close();
  });

  it('source: every site is highlighted with its kind and multiplicity in the title; hazard links reach their lines', async () => {
    const { page } = await open(kinksHtml);
    const marks = await page.locator('pre.source span.site').evaluateAll((els) => els.map((e) => [e.getAttribute('data-sites') ?? '', e.getAttribute('title') ?? '']));
    const keys = marks.flatMap(([k]) => k.split(' '));
    expect(keys.sort()).toEqual(kinks.functions.flatMap((f) => f.sites.map((s) => `${f.name}:${s.index}`)).sort());
    const e7outer = marks.find(([k]) => k === 'e7:3')!;
    expect(e7outer[1]).toBe('e7 site #3: abs, z3, 1 per call, depth 2, depends on x, #1, #2');
    const links = await page.locator('ul.hazards a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(links.length).toBe(kinks.functions.reduce((n, f) => n + f.hazards.length, 0));
    for (const href of links) expect(await page.locator(href).count(), href).toBe(1);
    await page.close();
  });

  it('plots: f and its kink lines are drawn (E1 line plot, E7 heat map), none for E4 whose z is identically 0', async () => {
    const { page } = await open(kinksHtml);
    // E1: one kink, at x = 0, which is the middle of the frame.
    const e1 = await page.evaluate(() => {
      const svg = document.querySelector('#plot-e1')!;
      const frame = (svg.querySelector('rect.frame') as SVGRectElement).getBBox();
      const kinks = [...svg.querySelectorAll('path.kink')].map((k) => (k as SVGPathElement).getBBox());
      const f = (svg.querySelector('path.f') as SVGPathElement).getBBox();
      return { frame: [frame.x, frame.width, frame.height], kinks: kinks.map((b) => [b.x, b.height]), f: [f.width, f.height] };
    });
    expect(e1.kinks).toHaveLength(1);
    expect(e1.kinks[0][0]).toBeCloseTo(e1.frame[0] + e1.frame[1] / 2, 1);
    expect(e1.kinks[0][1]).toBe(e1.frame[2]);
    expect(e1.f[0]).toBeCloseTo(e1.frame[1], 0);
    expect(e1.f[1]).toBeGreaterThan(e1.frame[2] * 0.8);
    // E7 ||x1| - |x2||: zero sets of z1 = x1, z2 = x2 and z3 = |x1| - |x2|, each non-empty.
    const e7 = await page.evaluate(() =>
      [...document.querySelectorAll('#plot-e7 path.kink, #plot-e7 path.heat')].map((p) => {
        const b = (p as SVGPathElement).getBBox();
        return [p.getAttribute('class'), p.getAttribute('data-switch'), Math.round(b.width), Math.round(b.height)];
      }),
    );
    const kinkPaths = e7.filter((p) => p[0] === 'kink');
    expect(kinkPaths.map((p) => p[1])).toEqual(['z1', 'z2', 'z3']);
    expect(kinkPaths[0][2]).toBe(0); // x1 = 0: a vertical line across the frame
    expect(kinkPaths[1][3]).toBe(0); // x2 = 0: a horizontal one
    expect(kinkPaths[2][2]).toBeGreaterThan(400); // |x1| = |x2|: both diagonals
    expect(kinkPaths[2][3]).toBeGreaterThan(300);
    expect(e7.filter((p) => p[0] === 'heat').length).toBeGreaterThan(10);
    expect(await page.locator('#plot-e4 path.kink').count()).toBe(0);
    expect(await page.locator('#fn-e4 figcaption').last().textContent()).toMatch(/Identically zero on the window, so no line is drawn: z1/);
    await page.close();
  });

  it('the screenshot shows the plot: many colours, and kink-red pixels on the E7 heat map', async () => {
    const { page } = await open(kinksHtml);
    const pagePng = path.join(tmp, 'kinks.png');
    await page.screenshot({ path: pagePng, fullPage: true });
    const plotPng = path.join(tmp, 'kinks-e7-plot.png');
    await page.locator('#plot-e7').screenshot({ path: plotPng });
    const full = decodePng(fs.readFileSync(pagePng));
    expect(full.width).toBe(1400);
    expect(full.height).toBeGreaterThan(1000);
    const plot = decodePng(fs.readFileSync(plotPng));
    const box = (await page.locator('#plot-e7').boundingBox())!;
    expect(plot.width).toBe(Math.round(box.width));
    expect(distinctColours(plot)).toBeGreaterThan(24);
    // The kink colour #e0245e along three lines crossing a 420 x 320 frame: hundreds of pixels.
    expect(countColour(plot, [0xe0, 0x24, 0x5e])).toBeGreaterThan(600);
    // E1's plot has no heat map: mostly white, with the dashed kink line in the same red.
    const e1Png = path.join(tmp, 'kinks-e1-plot.png');
    await page.locator('#plot-e1').screenshot({ path: e1Png });
    const e1 = decodePng(fs.readFileSync(e1Png));
    expect(countColour(e1, [255, 255, 255], 5)).toBeGreaterThan(e1.width * e1.height * 0.6);
    expect(countColour(e1, [0xe0, 0x24, 0x5e])).toBeGreaterThan(100);
    await page.close();
  });

  it('chained LQ: --slice and --around give the 2-D slice, two kink lines, one graph node', async () => {
    const out = path.join(tmp, 'chained.html');
    const r = absad(['report', 'samples/chained-lq.ts', '--fn', 'chainedLQ', '--format', 'html', '--around', '0,0,0,0', '--slice', '0,1', '-o', out]);
    expect(r.code).toBe(0);
    const { page, problems } = await open(out);
    expect(problems).toEqual([]);
    expect(await page.locator('#graph-chainedLQ g.node').count()).toBe(1);
    expect(await page.locator('#plot-chainedLQ path.kink').count()).toBe(2);
    const d = await page.locator('#plot-chainedLQ path.kink').first().getAttribute('d');
    expect((d ?? '').length).toBeGreaterThan(1000);
    expect(await page.locator('#fn-chainedLQ figcaption').last().textContent()).toMatch(/slice \(x\[0\], x\[1\]\) through \(0, 0, 0, 0\)/);
    await page.close();
  });

  it('bad plot options are located usage errors, exit 1, no stack trace, no file written', () => {
    const out = path.join(tmp, 'bad.html');
    const cases: [string[], RegExp][] = [
      [['--fn', 'e7', '--slice', '0,5'], /cannot plot 'e7': --slice 0,5: e7 has inputs 0\.\.1 \(x\[0\], x\[1\]\), so 5 is not one of them/],
      [['--fn', 'e7', '--around', '1,2,3', '--slice', '0,0'], /--slice: names input 0 twice/],
      [['--fn', 'e7', '--radius', '-1'], /--radius: takes a positive number, got '-1'/],
      [['--fn', 'e7', '--around', '1,x'], /--around: 'x' is not a number/],
      [['--fn', 'e7', '--arg', 'w=1'], /--arg: no reported function has a parameter 'w'/],
    ];
    for (const [args, message] of cases) {
      const r = absad(['report', 'samples/kinks.ts', '--format', 'html', ...args, '-o', out]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).toMatch(/error ABS500[14]/);
      expect(r.stderr).not.toMatch(STACK_TRACE);
      expect(fs.existsSync(out)).toBe(false);
    }
    const slice = absad(['report', 'samples/kinks.ts', '--slice', '0,1']);
    expect(slice.code).toBe(1);
    expect(slice.stderr).toMatch(/--slice only applies to --format html/);
  });

  it('a function that needs data gets a note instead of a plot (not an error)', () => {
    const r = absad(['report', 'samples/huber.ts', '--fn', 'huberLoss', '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No plot of huberLoss: it needs values for &#39;A&#39;, &#39;b&#39;, &#39;delta&#39;');
    expect(r.stdout).toContain('<svg class="graph" id="graph-huberLoss"');
  });
});
