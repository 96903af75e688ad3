/**
 * Safe output (issue 8, part 5): what absad writes, where, and what it cannot be made to write.
 *
 *  - Writes are atomic and all-or-nothing (compiler/cli/write.ts): an output is replaced by a
 *    rename (a new inode; a reader holding the old file keeps reading it whole), a failed
 *    compile or a failed write leaves existing outputs byte for byte and no temporary file,
 *    a link planted at an output path is replaced, never written through.
 *  - Outputs go into --out-dir and nowhere else, whatever the input's name (`..`, spaces,
 *    quotes, `*` + `/`, newlines, `#`, `%`, Unicode): their names come from the input's base name,
 *    and names flow into comments and the source-map URL escaped, so the module still loads.
 *  - Never over an input: another file of the same command, or a local module the file imports,
 *    also through a symbolic link to the source directory.
 *  - Generated identifiers cannot collide with source names: a program whose parameters,
 *    locals and helpers are named like every identifier the generator emits (collected from
 *    the generated code of every sample) compiles to a module that computes what the
 *    interpreter computes; an export named like a module-level generated name is ABS4001.
 *  - No generated module (every sample, every kink convention) contains eval, new Function,
 *    dynamic import or require.
 *  - The Vite dev server, over real HTTP, answers a syntax error in the middle of an edit with
 *    an error page carrying absad's diagnostic, keeps serving, and serves the fixed module.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certify, compile, compileJs, evaluate, traceAt } from '../compiler/api.js';
import { writeOutputs } from '../compiler/cli/write.js';
import { HELPERS } from '../compiler/codegen/js/names.js';
import { absad } from '../compiler/plugin/index.js';
import { STACK_TRACE } from './util/cli.js';
import { cliMain, ensureBuilt } from './util/dist.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-safe-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let dirs = 0;
const freshDir = (): string => fs.mkdtempSync(path.join(tmp, `d${dirs++}-`));

const LOSS = `export function loss(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.max(x[i] - 1, 0) + 0.5 * Math.abs(x[i]);
  return s;
}
`;
const BROKEN = LOSS.replace('let s = 0;', 'let s = ;');

/** Every file under dir (relative paths), with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), e.isSymbolicLink() ? `-> ${fs.readlinkSync(p)}` : fs.readFileSync(p, 'latin1'));
    }
  };
  walk(dir);
  return out;
}

beforeAll(ensureBuilt, 180_000);

describe('atomic, all-or-nothing writes', () => {
  it('replaces an output by a rename: a new inode, and a reader of the old file still reads it whole', async () => {
    const dir = freshDir();
    const src = path.join(dir, 'loss.ts');
    fs.writeFileSync(src, LOSS);
    expect((await cliMain(['compile', src])).code).toBe(0);
    const out = path.join(dir, 'loss.absad.js');
    const before = fs.readFileSync(out, 'utf8');
    const fd = fs.openSync(out, 'r');
    const inode = fs.fstatSync(fd).ino;
    fs.writeFileSync(src, LOSS.replace('0.5 *', '0.25 *'));
    expect((await cliMain(['compile', src])).code).toBe(0);
    expect(fs.statSync(out).ino).not.toBe(inode);
    expect(fs.readFileSync(out, 'utf8')).toContain('0.25');
    // Written in place, the old descriptor would now read the new text (or half of it).
    const old = Buffer.alloc(before.length + 100);
    const n = fs.readSync(fd, old, 0, old.length, 0);
    fs.closeSync(fd);
    expect(old.subarray(0, n).toString('utf8')).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a compile that fails leaves the previous outputs byte for byte, and writes nothing else', async () => {
    const dir = freshDir();
    const src = path.join(dir, 'loss.ts');
    fs.writeFileSync(src, LOSS);
    expect((await cliMain(['compile', src])).code).toBe(0);
    const before = snapshot(dir);
    fs.writeFileSync(src, BROKEN);
    const r = await cliMain(['compile', src]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/loss\.ts:2:\d+ error ABS1001/);
    const after = snapshot(dir);
    after.delete('loss.ts');
    before.delete('loss.ts');
    expect(after).toEqual(before);
  });

  it('a write that fails half way removes the temporary files it made and leaves every target as it was', () => {
    const dir = freshDir();
    const first = path.join(dir, 'first.txt');
    fs.writeFileSync(first, 'old');
    fs.writeFileSync(path.join(dir, 'blocker'), 'a file where a directory is needed');
    let message = '';
    try {
      writeOutputs([[first, 'new'], [path.join(dir, 'blocker', 'second.txt'), 'new']], []);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/not a directory/);
    expect(fs.readFileSync(first, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).sort()).toEqual(['blocker', 'first.txt']);
    // The same when the second directory cannot even be created (ENOTDIR deeper down).
    expect(() => writeOutputs([[first, 'new'], [path.join(dir, 'blocker', 'deeper', 'x.txt'), 'new']], [])).toThrow(/cannot write/);
    expect(fs.readFileSync(first, 'utf8')).toBe('old');
    expect(fs.readdirSync(dir).sort()).toEqual(['blocker', 'first.txt']);
  });

  it('an --out-dir that is a file, or an output path that is a directory, is ABS5008 with exit 1 and nothing written', async () => {
    const dir = freshDir();
    const src = path.join(dir, 'loss.ts');
    fs.writeFileSync(src, LOSS);
    fs.writeFileSync(path.join(dir, 'not-a-dir'), 'x');
    let r = await cliMain(['compile', src, '--out-dir', path.join(dir, 'not-a-dir')]);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^absad error ABS5008 cannot-write: cannot write into '.*not-a-dir': it is not a directory/);
    expect(STACK_TRACE.test(r.stderr)).toBe(false);
    const out = path.join(dir, 'out');
    fs.mkdirSync(path.join(out, 'loss.absad.d.ts'), { recursive: true });
    r = await cliMain(['compile', src, '--out-dir', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ABS5008 cannot-write: cannot write '.*loss\.absad\.d\.ts': it is a directory/);
    expect(fs.readdirSync(out)).toEqual(['loss.absad.d.ts']);
  });

  it('a symbolic link planted at an output path is replaced, not written through', async () => {
    const dir = freshDir();
    const src = path.join(dir, 'loss.ts');
    fs.writeFileSync(src, LOSS);
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.symlinkSync(victim, path.join(out, 'loss.absad.js'));
    expect((await cliMain(['compile', src, '--out-dir', out])).code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(path.join(out, 'loss.absad.js')).isSymbolicLink()).toBe(false);
    expect(fs.readFileSync(path.join(out, 'loss.absad.js'), 'utf8')).toContain('export function loss_grad');
  });
});

describe('outputs stay in --out-dir, whatever the input is called', () => {
  // `*/` can only be part of a path through a directory name: the file is `comment` there.
  const names = ['we*/ird comment.ts', "it's \"quoted\" #1 %41.ts", 'line\nbreak\u2028.ts', 'dots..ts', '...ts', 'π ünïcödé.ts', ' leading space.js'];

  it.each(names.map((n) => [JSON.stringify(n), n] as const))('%s: three outputs in --out-dir, nothing anywhere else, and a module Node loads and runs', async (_shown, relative) => {
    const root = freshDir();
    const srcDir = path.join(root, 'src', 'deeper', path.dirname(relative));
    fs.mkdirSync(srcDir, { recursive: true });
    const name = path.basename(relative);
    const src = path.join(srcDir, name);
    fs.writeFileSync(src, name.endsWith('.js') ? LOSS.replace(': Float64Array', '').replace('): number', ')') : LOSS);
    const out = path.join(root, 'out');
    // The input is named through `..`: output names come from its base name only.
    const r = await cliMain(['compile', path.join(srcDir, '..', path.basename(srcDir), name), '--out-dir', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const base = name.replace(/\.(ts|js)$/, '');
    const files = snapshot(root);
    expect([...files.keys()].sort()).toEqual([path.join('out', `${base}.absad.d.ts`), path.join('out', `${base}.absad.js`), path.join('out', `${base}.absad.js.map`), path.join('src', 'deeper', relative)].sort());
    const code = files.get(path.join('out', `${base}.absad.js`))!;
    // The name reaches the header comment and the map URL escaped: one comment line, one URL.
    expect(code.split('\n')[0]).toMatch(/^\/\/ Generated by absad .* from .*\. Do not edit: recompile instead\.$/);
    expect(code.trimEnd().split('\n').pop()).toBe(`//# sourceMappingURL=${encodeURIComponent(`${base}.absad.js.map`)}`);
    const map = JSON.parse(fs.readFileSync(path.join(out, `${base}.absad.js.map`), 'latin1')) as { sources: string[] };
    expect(map.sources.length).toBe(1);
    // Node itself loads the module, by its file URL, as a user's program would.
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pathToFileURL(path.join(out, `${base}.absad.js`)).href)}); const g = new Float64Array(2); console.log(JSON.stringify([m.loss_grad(Float64Array.of(2, -3), g), ...g]));`],
      { encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([1 + 1 + 1.5, 1.5, -0.5]);
  });
});

describe('never over an input', () => {
  /** x.js imports a helper module that happens to be named x.absad.js, compile's output name. */
  function project(): { dir: string; src: string; helper: string } {
    const dir = freshDir();
    const helper = path.join(dir, 'x.absad.js');
    fs.writeFileSync(helper, 'export function scale(t) {\n  return 3 * t;\n}\n');
    const src = path.join(dir, 'x.js');
    fs.writeFileSync(src, "import { scale } from './x.absad.js';\nexport function f(x) {\n  return scale(Math.abs(x[0]));\n}\n");
    return { dir, src, helper };
  }

  it('refuses to write over a local module the file imports (ABS5001), and writes nothing', async () => {
    const { dir, src } = project();
    const before = snapshot(dir);
    const r = await cliMain(['compile', src]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ABS5001 usage: refusing to overwrite the input file '.*x\.absad\.js'/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('sees through a symbolic link to the source directory given as --out-dir', async () => {
    const { dir, src } = project();
    const link = path.join(tmp, `link-${dirs++}`);
    fs.symlinkSync(dir, link);
    const before = snapshot(dir);
    const r = await cliMain(['compile', src, '--out-dir', link]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to overwrite the input file/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses when another file of the same command would be overwritten', async () => {
    const dir = freshDir();
    fs.writeFileSync(path.join(dir, 'b.js'), 'export function b(x) {\n  return Math.abs(x[0]);\n}\n');
    fs.writeFileSync(path.join(dir, 'b.absad.js'), 'export function c(x) {\n  return Math.max(x[0], 0);\n}\n');
    const before = snapshot(dir);
    const r = await cliMain(['compile', path.join(dir, 'b.js'), path.join(dir, 'b.absad.js')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/refusing to overwrite the input file '.*b\.absad\.js'/);
    expect(snapshot(dir)).toEqual(before);
  });
});

// ----- source names against generated names -----------------------------------------------

/** Words that cannot name a parameter in module code, and Math, which the program itself uses. */
const NOT_BINDABLE = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await eval arguments Math'.split(' '),
);

/** Every identifier the JavaScript backend emits for the samples (comments, strings and properties left out). */
function generatedIdentifiers(): string[] {
  const ids = new Set<string>();
  for (const f of fs.readdirSync('samples').filter((n) => n.endsWith('.ts'))) {
    for (const absKink of [0, 1]) {
      const code = compileJs({ file: `samples/${f}` }, { absKink })
        .js!.code.replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/"(?:[^"\\]|\\.)*"/g, '""');
      for (const m of code.matchAll(/(?<![.\w$])[A-Za-z_$][\w$]*/g)) ids.add(m[0]);
    }
  }
  return [...ids].filter((n) => !NOT_BINDABLE.has(n)).sort();
}

describe('source names cannot collide with generated ones', () => {
  const ids = generatedIdentifiers();

  it('the generator emits helpers, extra parameters, counters, tapes and fresh locals (what the next test reuses)', () => {
    for (const name of [...Object.values(HELPERS), 'gOut', 'T', 'active', 'kinks$', 'it$1', 'base$1', 'trip$1', 'k$1', 'v_1', 'sg_1', 'z_1', 'x_bar_i0_1', 'chainedLQ_grad$kinks', 'maxq_grad$tape1', 'Float64Array', 'Int32Array']) {
      expect(ids, name).toContain(name);
    }
    expect(ids.length).toBeGreaterThan(300);
  });

  it('a program naming its parameters, locals and helpers after every one of them computes what the interpreter computes', async () => {
    // Parameters of one function, locals of another, helpers of a third (a few hundred each).
    // x, s and i are the program's own names; a module-level function cannot be named like a
    // global the program's types use (Float64Array), so helpers leave globals out.
    const locals = ids.filter((n) => !['x', 's', 'i'].includes(n));
    const helperNames = locals.filter((n) => !(n in globalThis));
    const params = locals.map((n) => `${n}: number`).join(', ');
    const sumOf = (names: string[]) => names.map((n, k) => `${n} * ${(k % 7) + 1}`).join(' + ');
    const chunks: string[][] = [];
    for (let k = 0; k < locals.length; k += 100) chunks.push(locals.slice(k, k + 100));
    const text = [
      ...helperNames.map((n, k) => `function ${n}(t: number): number {\n  return Math.abs(t - ${k % 5});\n}`),
      `export function manyParams(x: Float64Array, ${params}): number {`,
      '  let s = 0;',
      '  for (let i = 0; i < x.length; i++) s += Math.max(x[i], 0.5 * x[i]);',
      ...chunks.map((c) => `  s += x[0] * (${sumOf(c)});`),
      '  return s;',
      '}',
      'export function manyLocals(x: Float64Array): number {',
      ...locals.map((n, k) => `  const ${n} = x[${k % 3}] * ${k + 1};`),
      '  let s = 0;',
      ...chunks.map((c) => `  s += Math.abs(${c.join(' - ')});`),
      '  return s;',
      '}',
      'export function manyHelpers(x: Float64Array): number {',
      '  let s = 0;',
      ...helperNames.map((n, k) => `  s += ${n}(x[${k % 3}]);`),
      '  return s;',
      '}',
      '',
    ].join('\n');
    const dir = freshDir();
    const src = path.join(dir, 'names.ts');
    fs.writeFileSync(src, text);
    const r = await cliMain(['compile', src]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'names.absad.js')).href)) as Record<string, (...a: unknown[]) => number>;
    const js = ts.transpileModule(text, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
    fs.writeFileSync(path.join(dir, 'native.mjs'), js);
    const native = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'native.mjs')).href)) as Record<string, (...a: unknown[]) => number>;
    const ir = compile({ file: src }).module!;
    const x = Float64Array.of(0.75, -1.25, 2.5);
    const calls: [string, unknown[]][] = [
      ['manyParams', [x, ...locals.map((_, k) => (k % 11) / 4 - 1)]],
      ['manyLocals', [x]],
      ['manyHelpers', [x]],
    ];
    for (const [fn, args] of calls) {
      const value = mod[fn](...args);
      expect(value, fn).toBe(native[fn](...args));
      expect(evaluate(ir, fn, args as never), fn).toBe(value);
      const g = new Float64Array(3);
      expect(mod[`${fn}_grad`](...args, g)).toBe(value);
      const cert = certify(traceAt(ir, fn, args as never), 0);
      expect(cert.certificate, fn).toBe('smooth');
      cert.gradient.forEach((gi, i) => expect(Math.abs(g[i] - gi), `${fn} d/dx${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(gi))));
    }
  });

  it('an export named like a module-level generated name is ABS4001; named like a function-level one it compiles', async () => {
    for (const name of [...Object.values(HELPERS), 'f_grad$kinks']) {
      const r = compileJs({ file: 'clash.ts', text: `export function f(x: Float64Array): number {\n  return Math.abs(x[0]);\n}\nexport function ${name}(x: Float64Array): number {\n  return x[0];\n}\n` });
      expect(r.js, name).toBeNull();
      expect(r.diagnostics.map((d) => d.code), name).toEqual(['ABS4001']);
    }
    const dir = freshDir();
    const src = path.join(dir, 'exports.ts');
    const exported = ['zero', 'grow', 'tstart', 'T', 'gOut', 'active', 'value', 'kinks$', 'it$1'];
    fs.writeFileSync(src, exported.map((n, k) => `export function ${n}(x: Float64Array): number {\n  return Math.abs(x[0]) * ${k + 1};\n}\n`).join(''));
    expect((await cliMain(['compile', src])).code).toBe(0);
    const mod = (await import(/* @vite-ignore */ pathToFileURL(path.join(dir, 'exports.absad.js')).href)) as Record<string, (...a: unknown[]) => number>;
    exported.forEach((n, k) => {
      const g = new Float64Array(1);
      expect(mod[n](Float64Array.of(-2)), n).toBe(2 * (k + 1));
      expect(mod[`${n}_grad`](Float64Array.of(-2), g), n).toBe(2 * (k + 1));
      expect(g[0], n).toBe(-(k + 1));
    });
  });
});

describe('no eval in generated code', () => {
  it('no generated module (every sample, kink conventions 0, 1 and -1) contains eval, new Function, dynamic import or require', () => {
    const FORBIDDEN = /\beval\b|\bFunction\s*\(|new\s+Function|\bimport\s*\(|\brequire\s*\(|\bglobalThis\b|\bprocess\b/;
    let checked = 0;
    for (const f of fs.readdirSync('samples').filter((n) => n.endsWith('.ts'))) {
      for (const absKink of [0, 1, -1]) {
        const out = compileJs({ file: `samples/${f}` }, { absKink }).js!;
        // Comments may mention anything; the code itself may not.
        const code = out.code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
        expect(FORBIDDEN.exec(code)?.[0], `${f} abs-kink ${absKink}`).toBeUndefined();
        expect(out.dts).not.toMatch(FORBIDDEN);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * 15);
  });
});

// ----- the build plugin ----------------------------------------------------------------------

describe('the Vite dev server survives a syntax error in the middle of an edit', () => {
  it('serves the module, answers a half-written file with an error page carrying the absad diagnostic, keeps serving, and serves the fixed module', async () => {
    const root = freshDir();
    const lossFile = path.join(root, 'loss.ts');
    fs.writeFileSync(lossFile, LOSS);
    fs.writeFileSync(path.join(root, 'other.ts'), "export function other(x: Float64Array): number {\n  return Math.abs(x[0]);\n}\n");
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./main.ts"></script>\n');
    fs.writeFileSync(path.join(root, 'main.ts'), "import { loss_grad } from './loss.ts?absad';\nconsole.log(loss_grad(new Float64Array([1])));\n");
    const server = await createServer({ configFile: false, logLevel: 'silent', root, plugins: [absad.vite()], server: { host: '127.0.0.1', port: 0, strictPort: false } });
    await server.listen();
    try {
      const address = server.httpServer!.address() as { port: number };
      const get = async (url: string) => {
        const res = await fetch(`http://127.0.0.1:${address.port}${url}`);
        return { status: res.status, text: await res.text() };
      };
      /** Polls until `probe` accepts a response (the watcher needs a moment to see an edit). */
      const until = async (url: string, probe: (r: { status: number; text: string }) => boolean, what: string) => {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const r = await get(url);
          if (probe(r)) return r;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${r.status} ${r.text.slice(0, 300)}`);
          await new Promise((done) => setTimeout(done, 100));
        }
      };

      const first = await get('/loss.ts?absad');
      expect(first.status).toBe(200);
      expect(first.text).toContain('export function loss_grad');

      // Half of the file, as an editor saving a large buffer might leave it for a moment.
      fs.writeFileSync(lossFile, LOSS.slice(0, LOSS.indexOf('Math.max(') + 'Math.max('.length));
      const broken = await until('/loss.ts?absad', (r) => r.status === 500, 'the error page');
      const payload = /const error = (\{.*\})\n/.exec(broken.text);
      expect(payload).not.toBeNull();
      const error = JSON.parse(payload![1]) as { message: string; plugin: string; id: string; frame?: string; loc?: { file: string; line: number; column: number } };
      expect(error.plugin).toBe('absad');
      expect(error.message).toMatch(/loss\.ts:\d+:\d+ error ABS1001 syntax-error: /);
      expect(error.loc?.file).toBe(lossFile);
      expect(error.frame ?? '').toContain('Math.max(');

      // The server is alive: other modules and the page are still served.
      expect((await get('/other.ts?absad')).status).toBe(200);
      expect((await get('/index.html')).status).toBe(200);

      // An emptied file (the first instant of a save) and a hostile one: errors again, no crash.
      fs.writeFileSync(lossFile, '');
      const empty = await until('/loss.ts?absad', (r) => r.status === 500 && r.text.includes('ABS1003'), 'the empty-file error');
      expect(empty.text).toContain('no-exported-function');
      fs.writeFileSync(lossFile, `export function loss(x: Float64Array): number {\n  return ${'('.repeat(5000)}x[0]${')'.repeat(5000)};\n}\n`);
      await until('/loss.ts?absad', (r) => r.status === 500 && r.text.includes('ABS1007'), 'the nesting error');

      // (Vite reprints the module: 3.25 prints as itself, 0.125 would become .125.)
      fs.writeFileSync(lossFile, LOSS.replace('0.5 *', '3.25 *'));
      const fixed = await until('/loss.ts?absad', (r) => r.status === 200 && r.text.includes('3.25'), 'the fixed module');
      expect(fixed.text).toContain('export function loss_grad');
    } finally {
      await server.close();
    }
  }, 120_000);
});
