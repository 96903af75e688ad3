/**
 * The core library (compiler/frontend/core-lib-gen.ts): TypeScript files are checked against the
 * part of lib.es2022 the subset reaches, and again against the full library when the checker
 * says anything. What must hold:
 * - core-lib.ts is what the generator makes of the installed TypeScript's lib files (refresh
 *   with UPDATE_GOLDEN=1), and every declaration in it is TypeScript's own text;
 * - it keeps the subset's types apart as the full library does: a value of each array type is
 *   accepted where each other is expected exactly when the full library accepts it;
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
import { buildCoreLib, coreLibModule, EXCLUDED, KEEP_MEMBERS, ROOTS } from '../compiler/frontend/core-lib-gen.js';
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

  it("copies TypeScript's declarations verbatim, less members outside the subset or mentioning Intl", () => {
    const libText = common.getLibFiles().map((f) => f.text).join('\n');
    const decls = CORE_LIB.split('\n');
    const prunedNames = new Set<string>();
    for (const d of decls) {
      if (libText.includes(d)) continue;
      // A pruned interface: its head and each member it kept are in the library.
      const sf = ts.createSourceFile('d.ts', d, ts.ScriptTarget.ES2022, true);
      const decl = sf.statements[0]!;
      expect(ts.isInterfaceDeclaration(decl), d).toBe(true);
      const iface = decl as import('typescript').InterfaceDeclaration;
      prunedNames.add(iface.name.text);
      for (const m of iface.members) expect(libText).toContain(m.getText(sf));
    }
    // Every interface KEEP_MEMBERS names was pruned; the others only of their Intl members.
    for (const name of Object.keys(KEEP_MEMBERS)) expect(prunedNames).toContain(name);
    for (const name of prunedNames) {
      if (KEEP_MEMBERS[name]) continue;
      const inLib = common.getLibFiles().some((f) => new RegExp(`interface ${name}(<[^{]*>)?\\{[^}]*Intl\\.`).test(f.text));
      expect(inLib, name).toBe(true);
    }
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
    expect(CORE_LIB.length).toBeLessThan(fullSize / 6);
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

describe('the core library keeps the types of the subset apart as the full library does', () => {
  const TYPES = ['number', 'boolean', 'string', 'number[]', 'readonly number[]', 'Float64Array', 'Float32Array', 'ArrayLike<number>', 'Iterable<number>', 'number[][]', 'readonly number[][]', 'Float64Array[]', 'ReadonlyArray<number>', 'Readonly<number[]>'];
  const VALUES = ['[1, 2]', '[[1], [2]]', 'new Float64Array(2)', 'new Float32Array(2)', 'new Array(2).fill(0)', 'Array.from({ length: 2 }, () => 0)', '1', 'true', "'a'", 'Math.max(1, 2)', 'Number.EPSILON'];
  const accepted = (text: string, lib: 'core' | 'full') => {
    const r = parseTs(text, '/virtual/pair.ts', 'pair.ts', new Map(), lib);
    return lib === 'core' ? r.lib === 'core' : tsDiagnostics(r).length === 0;
  };

  it(`a value of each of ${TYPES.length} types passed where each is expected: accepted by the core check exactly when by the full one`, () => {
    const differ: string[] = [];
    let acceptedPairs = 0;
    for (const from of TYPES) {
      for (const to of TYPES) {
        const text = `function g(a: ${to}): number { return 0; }\nexport function f(x: ${from}): number { return g(x); }\n`;
        const core = accepted(text, 'core');
        if (core !== accepted(text, 'full')) differ.push(`${from} -> ${to}: core ${core ? 'accepts' : 'rejects'}`);
        if (core) acceptedPairs++;
      }
    }
    expect(differ).toEqual([]);
    // The relation is not trivial either way.
    expect(acceptedPairs).toBeGreaterThan(TYPES.length);
    expect(acceptedPairs).toBeLessThan(TYPES.length * TYPES.length / 2);
  });

  it(`${VALUES.length} expressions the subset writes, given to each type: the same verdicts`, () => {
    const differ: string[] = [];
    for (const value of VALUES) {
      for (const to of TYPES) {
        const text = `export function f(x: number[]): number { const v: ${to} = ${value}; return x[0]; }\n`;
        const core = accepted(text, 'core');
        if (core !== accepted(text, 'full')) differ.push(`${value} as ${to}: core ${core ? 'accepts' : 'rejects'}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('each type, as a parameter, gets the same type note from both libraries', () => {
    for (const t of TYPES) {
      const text = `export function f(x: ${t}, y: number): number { return y; }\n`;
      const core = parseTs(text, '/virtual/note.ts', 'note.ts', new Map(), 'core');
      const full = parseTs(text, '/virtual/note.ts', 'note.ts', new Map(), 'full');
      expect(tree(core), t).toBe(tree(full));
    }
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
