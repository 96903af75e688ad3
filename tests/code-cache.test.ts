/**
 * The V8 code cache for large CommonJS files (compiler/frontend/code-cache.ts), run in child
 * processes since it acts at load time: a first load writes the cache at exit, the next one
 * uses it, a damaged or foreign cache is never trusted, the cache can be turned off, and none
 * of it changes what absad prints.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './util/dist.js';

const LOADER = pathToFileURL(path.resolve('dist/compiler/frontend/code-cache.js')).href;
let work: string;
let module: string;

beforeAll(() => {
  ensureBuilt();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'absad-code-cache-test-'));
  module = path.join(work, 'big.cjs');
  // A module large enough that V8 keeps a real cache for it, with a value that shows it ran.
  const fns = Array.from({ length: 400 }, (_, i) => `function f${i}(x) { return x * ${i} + Math.sqrt(x + ${i}); }`).join('\n');
  fs.writeFileSync(module, `${fns}\nlet s = 0; for (let i = 0; i < 400; i++) s += eval('f' + i)(2);\nmodule.exports = { s, name: __filename };\n`);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Loads the module in a fresh process; returns what it exported and the cache's outcome. */
function load(env: Record<string, string>, flags: string[] = []): { s: number; name: string; outcome: string } {
  const script = `
    import { requireWithCodeCache, cacheOutcomes } from ${JSON.stringify(LOADER)};
    const m = requireWithCodeCache(${JSON.stringify(module)});
    console.log(JSON.stringify({ s: m.s, name: m.name, outcome: cacheOutcomes.get(${JSON.stringify(module)}) }));`;
  const r = spawnSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.cache')) : []);
const expected = () => Array.from({ length: 400 }, (_, i) => 2 * i + Math.sqrt(2 + i)).reduce((a, b) => a + b, 0);

describe('code cache', () => {
  it('is written by the first load and used by the next, with the same exports', () => {
    const dir = path.join(work, 'c1');
    const first = load({ ABSAD_CODE_CACHE: dir });
    expect(first.outcome).toBe('absent');
    expect(first.s).toBe(expected());
    expect(first.name).toBe(module);
    expect(cacheFiles(dir)).toHaveLength(1);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    const second = load({ ABSAD_CODE_CACHE: dir });
    expect(second).toEqual({ ...first, outcome: 'used' });
  });

  it('a damaged cache is never handed to V8 (it would crash on one): the module loads and the cache is rewritten', () => {
    const dir = path.join(work, 'c2');
    load({ ABSAD_CODE_CACHE: dir });
    const file = path.join(dir, cacheFiles(dir)[0]!);
    const bytes = fs.readFileSync(file);
    for (let i = 16; i < bytes.length; i += 7) bytes[i] ^= 0x5a;
    fs.writeFileSync(file, bytes);
    const damaged = load({ ABSAD_CODE_CACHE: dir });
    expect(damaged.outcome).toBe('rejected');
    expect(damaged.s).toBe(expected());
    expect(load({ ABSAD_CODE_CACHE: dir }).outcome).toBe('used');
  });

  it('a cache V8 rejects (made under other V8 flags) is replaced by one for these', () => {
    const dir = path.join(work, 'c6');
    load({ ABSAD_CODE_CACHE: dir });
    const other = load({ ABSAD_CODE_CACHE: dir }, ['--max-lazy']);
    expect(other.outcome).toBe('rejected');
    expect(other.s).toBe(expected());
    expect(load({ ABSAD_CODE_CACHE: dir }, ['--max-lazy']).outcome).toBe('used');
  });

  it('a cache for another version of the file is not used (the key holds its size and time)', () => {
    const dir = path.join(work, 'c3');
    load({ ABSAD_CODE_CACHE: dir });
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(module, later, later);
    expect(load({ ABSAD_CODE_CACHE: dir }).outcome).toBe('absent');
    expect(cacheFiles(dir)).toHaveLength(2);
  });

  it.runIf(typeof process.getuid === 'function')('a directory others may write is not used', () => {
    const dir = path.join(work, 'c4');
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o777);
    expect(load({ ABSAD_CODE_CACHE: dir }).outcome).toBe('off');
    expect(cacheFiles(dir)).toEqual([]);
  });

  it('ABSAD_CODE_CACHE=off loads with plain require and writes nothing', () => {
    const r = load({ ABSAD_CODE_CACHE: 'off' });
    expect(r.outcome).toBe('off');
    expect(r.s).toBe(expected());
  });

  it('absad ir prints the same IR with no cache, a fresh one, a used one and a damaged one', () => {
    const dir = path.join(work, 'c5');
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ['bin/absad.js', 'ir', 'samples/chained-lq.ts'], { encoding: 'utf8', env: { ...process.env, ...env } });
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      return r.stdout;
    };
    const plain = run({ ABSAD_CODE_CACHE: 'off' });
    expect(plain).toMatch(/^func /m);
    expect(run({ ABSAD_CODE_CACHE: dir })).toBe(plain);
    expect(cacheFiles(dir)).toHaveLength(1);
    expect(run({ ABSAD_CODE_CACHE: dir })).toBe(plain);
    const file = path.join(dir, cacheFiles(dir)[0]!);
    fs.writeFileSync(file, Buffer.alloc(fs.statSync(file).size, 7));
    expect(run({ ABSAD_CODE_CACHE: dir })).toBe(plain);
  });
});
