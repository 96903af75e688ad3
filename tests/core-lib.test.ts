/**
 * The core library (compiler/frontend/core-lib-gen.ts): TypeScript files are checked against the
 * part of lib.es2022 the subset reaches, and again against the full library when the checker
 * says anything. What must hold:
 * - core-lib.ts is what the generator makes of the installed TypeScript's lib files (refresh
 *   with UPDATE_GOLDEN=1), and every declaration in it is TypeScript's own text;
 * - on every program we have (samples, the rejected and hostile corpora, regressions, fuzz
 *   programs), a file the core check accepts is accepted by the full check too, and both give
 *   the same tree, types included; the samples all take the fast path;
 * - a file that needs more of the library than the core gets exactly the full check's
 *   diagnostics (the same as ABSAD_TS_LIB=full), never a message caused by the core's gaps.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCoreLib, coreLibModule, EXCLUDED, ROOTS } from '../compiler/frontend/core-lib-gen.js';
import { CORE_LIB, CORE_LIB_TYPESCRIPT_VERSION } from '../compiler/frontend/core-lib.js';
import { parseTs, type TsParseResult } from '../compiler/frontend/parse-ts.js';
import { ts } from '../compiler/frontend/typescript.js';
import { compile } from '../compiler/api.js';
import { printModule } from '../compiler/ir/print.js';
import { printProgram } from './fuzz/ast.js';
import { generateProgram } from './fuzz/generator.js';

const common = createRequire(import.meta.url)('@ts-morph/common') as { getLibFiles(): { fileName: string; text: string }[]; ts: { version: string } };
const CORE_LIB_FILE = 'compiler/frontend/core-lib.ts';

describe('core-lib.ts', () => {
  it('is what the generator makes of the installed TypeScript lib files', () => {
    const text = coreLibModule(buildCoreLib(common.getLibFiles()), common.ts.version);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(CORE_LIB_FILE, text);
    expect(fs.readFileSync(CORE_LIB_FILE, 'utf8')).toBe(text);
    expect(CORE_LIB_TYPESCRIPT_VERSION).toBe(ts.version);
  });

  it("copies TypeScript's declarations verbatim, less only the members that mention Intl", () => {
    const libText = common.getLibFiles().map((f) => f.text).join('\n');
    const decls = CORE_LIB.split('\n');
    let pruned = 0;
    for (const d of decls) {
      if (libText.includes(d)) continue;
      // A pruned interface: its head and each member it kept are in the library, and what it
      // lost mentioned an excluded namespace.
      pruned++;
      const sf = ts.createSourceFile('d.ts', d, ts.ScriptTarget.ES2022, true);
      const decl = sf.statements[0]!;
      expect(ts.isInterfaceDeclaration(decl)).toBe(true);
      for (const m of (decl as import('typescript').InterfaceDeclaration).members) expect(libText).toContain(m.getText(sf));
    }
    expect(pruned).toBeGreaterThan(0);
    expect(pruned).toBeLessThan(decls.length / 4);
    expect(CORE_LIB).not.toMatch(/\bIntl\./);
    expect([...EXCLUDED]).toEqual(['Intl']);
  });

  it('declares every root and is a fraction of lib.es2022', () => {
    const sf = ts.createSourceFile('core.d.ts', CORE_LIB, ts.ScriptTarget.ES2022, true);
    const declared = new Set<string>();
    for (const s of sf.statements) {
      if (ts.isVariableStatement(s)) for (const d of s.declarationList.declarations) declared.add(d.name.getText(sf));
      else if ('name' in s && s.name) declared.add((s.name as import('typescript').Identifier).text);
    }
    for (const r of ROOTS) expect(declared).toContain(r);
    const full = common.getLibFiles().filter((f) => /^lib\.(es5|es20(1[5-9]|2[0-2])[a-z.]*|decorators[a-z.]*)\.d\.ts$/.test(f.fileName));
    const fullSize = full.reduce((s, f) => s + f.text.length, 0);
    expect(CORE_LIB.length).toBeLessThan(fullSize / 3);
  });
});

/** Every TypeScript program the repository has, with the modules it imports. */
function corpus(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const dirs = ['samples', 'tests/rejected', 'tests/hostile', 'tests/hostile/accepted', 'tests/regressions', 'tests/fuzz/false-alarms'];
  for (const dir of dirs) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!/\.m?ts$/.test(name) || name.endsWith('.d.ts')) continue;
      const file = path.join(dir, name);
      out.push({ file, text: fs.readFileSync(file, 'utf8') });
    }
  }
  for (let i = 0; i < 150; i++) out.push({ file: `fuzz-${i}.ts`, text: printProgram(generateProgram(9000 + i)) });
  return out;
}

/** The tree without the parts that only say where it came from. */
const tree = (r: TsParseResult) => JSON.stringify(r.program);
const tsDiagnostics = (r: TsParseResult) => r.diagnostics.filter((d) => d.name === 'type-error' || d.name === 'syntax-error');

describe('the core check agrees with the full check', () => {
  const programs = corpus();

  it(`on ${programs.length} programs: core-accepted files are full-accepted, with the same tree and types`, () => {
    let fast = 0;
    let fellBack = 0;
    for (const { file, text } of programs) {
      const abs = path.resolve(file);
      const core = parseTs(text, abs, file, new Map(), 'core');
      const full = parseTs(text, abs, file, new Map(), 'full');
      if (core.lib === 'core') {
        fast++;
        expect(tsDiagnostics(core), file).toEqual([]);
        expect(tsDiagnostics(full), file).toEqual([]);
        expect(tree(core), file).toBe(tree(full));
      } else {
        fellBack++;
        expect(JSON.stringify(core.diagnostics), file).toBe(JSON.stringify(full.diagnostics));
        expect(tree(core), file).toBe(tree(full));
      }
    }
    // Most of the corpus is programs in the subset; the files that fall back are those the
    // checker rejects (and a few that reach past the core).
    expect(fast).toBeGreaterThan(programs.length * 0.7);
    expect(fellBack).toBeGreaterThan(0);
  });

  it('every sample is checked against the core library alone', () => {
    for (const name of fs.readdirSync('samples').filter((n) => n.endsWith('.ts'))) {
      const file = path.join('samples', name);
      const r = parseTs(fs.readFileSync(file, 'utf8'), path.resolve(file), file);
      expect(r.lib, file).toBe('core');
    }
  });

  it('a file whose type errors the checker reports is checked against the full library', () => {
    const typeErrors = programs.filter((p) => p.file.startsWith('tests/rejected/') && /expect: ABS1002/.test(p.text));
    expect(typeErrors.length).toBeGreaterThan(0);
    for (const { file, text } of typeErrors) expect(parseTs(text, path.resolve(file), file).lib, file).toBe('full');
  });
});

describe('a program that reaches past the core library', () => {
  afterEach(() => {
    delete process.env.ABSAD_TS_LIB;
  });

  const reachesPast: [string, string][] = [
    ['toLocaleString with options (its Intl overload is not in the core)', "export function f(x: number[]): number { const s = x[0].toLocaleString('en', { style: 'percent' }); return x[0]; }"],
    ['Map', 'export function f(x: number[]): number { const m = new Map<number, number>(); return x[0]; }'],
    ['JSON', 'export function f(x: number[]): number { return JSON.parse("1") + x[0]; }'],
    ['Date', 'export function f(x: number[]): number { return Date.now() + x[0]; }'],
    ['a lib type in a signature', 'export function f(x: Int32Array): number { return x[0]; }'],
    ['accepted code beside a lib use', 'type T = Uint8Array; export function f(x: number[]): number { return Math.max(x[0], 0); }'],
  ];

  it.each(reachesPast)('%s: the diagnostics are those of the full check, and none mentions the core', (_, text) => {
    const core = parseTs(text, '/virtual/past.ts', 'past.ts', new Map(), 'core');
    expect(core.lib).toBe('full');
    for (const d of core.diagnostics) expect(d.message).not.toMatch(/Cannot find name '(Map|JSON|Date|Int32Array|Uint8Array)'|does not exist on type 'number'/);
    const viaCli = compile({ file: 'past.ts', text });
    process.env.ABSAD_TS_LIB = 'full';
    const fullOnly = compile({ file: 'past.ts', text });
    expect(JSON.stringify(viaCli.diagnostics)).toBe(JSON.stringify(fullOnly.diagnostics));
  });

  it('the accepted one compiles to the same IR as with the full library only', () => {
    const text = reachesPast[5]![1];
    const a = compile({ file: 'past.ts', text });
    process.env.ABSAD_TS_LIB = 'full';
    const b = compile({ file: 'past.ts', text });
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(printModule(a.module!)).toBe(printModule(b.module!));
  });
});
