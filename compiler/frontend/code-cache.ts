/**
 * Loading a large CommonJS file with a V8 code cache: takes the file's absolute path, returns
 * its `module.exports`, exactly as `require` would (the module is registered in `require.cache`,
 * so a later `require` of the same file gets the same object).
 *
 * Why: every `absad` command starts by loading the TypeScript compiler bundled with ts-morph, a
 * 9 MB script. Compiling it costs V8 about as much as everything absad then does to a 300-line
 * file. The bytecode V8 produced is saved when the process exits (after the run, so it holds the
 * parser's and checker's functions too, not only the top level) and handed back to V8 on the
 * next start; V8 checks it against the source and its own version and flags and silently
 * recompiles when it does not fit, in which case the cache is written again. V8 does not check
 * the bytes themselves (a damaged cache crashes it), so each file carries a SHA-256 of its data,
 * and one that does not match is never handed over. Node >= 22 has
 * `module.enableCompileCache()`, which does the same for every module; absad supports Node 20.
 *
 * Where: `$ABSAD_CODE_CACHE` if set, else `<os tmpdir>/absad-code-cache-<uid>`, a directory only
 * this user may write (a cache another user could plant would be code run by this process: a
 * directory that is not ours, or open to others, is not used). `ABSAD_CODE_CACHE=off` turns the
 * cache off. A cache that cannot be read or written is skipped without a word: it only ever
 * changes how fast absad starts, never what it computes.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** What happened to the cache of each file loaded here (read by the tests). */
export type CacheOutcome = 'off' | 'used' | 'rejected' | 'absent';
export const cacheOutcomes = new Map<string, CacheOutcome>();

/** The cache directory, or null when the cache is off or the directory is not safe to use. */
export function cacheDirectory(): string | null {
  const setting = process.env.ABSAD_CODE_CACHE;
  if (setting === 'off' || setting === '0') return null;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const dir = setting && setting !== '' ? path.resolve(setting) : path.join(os.tmpdir(), `absad-code-cache-${uid ?? 'user'}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return null;
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}

/** One cache file per (file, its size and time, Node, V8, CPU architecture). */
function cacheFileFor(dir: string, filename: string, st: fs.Stats): string {
  const key = [path.basename(filename), st.size, Math.floor(st.mtimeMs), process.version, process.versions.v8, process.arch].join('-');
  return path.join(dir, `${key.replace(/[^A-Za-z0-9._-]/g, '_')}.cache`);
}

/** A cache file: MAGIC, the SHA-256 of the data, the data V8 made. */
const MAGIC = Buffer.from('absad-v8-cache-1');
const HASH_BYTES = 32;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** The data of a cache file that is ours and intact; 'damaged' when it is not intact. */
function readCache(file: string): Buffer | 'damaged' | undefined {
  let bytes: Buffer;
  try {
    const st = fs.lstatSync(file);
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    if (!st.isFile() || (uid !== undefined && st.uid !== uid)) return undefined;
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const head = MAGIC.length + HASH_BYTES;
  if (bytes.length <= head || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'damaged';
  const data = bytes.subarray(head);
  return sha256(data).equals(bytes.subarray(MAGIC.length, head)) ? data : 'damaged';
}

/** Written to a fresh temporary name and renamed: a reader never sees half a cache. */
function writeCache(file: string, data: Buffer): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.writeFileSync(tmp, Buffer.concat([MAGIC, sha256(data), data]), { mode: 0o600, flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing was written
    }
  }
}

/** `require(filename)` through V8's code cache. */
export function requireWithCodeCache(filename: string): unknown {
  const local = createRequire(filename);
  const already = local.cache[filename];
  if (already) return already.exports;
  const dir = cacheDirectory();
  if (dir === null) {
    cacheOutcomes.set(filename, 'off');
    return local(filename);
  }
  let st: fs.Stats;
  let source: string;
  try {
    st = fs.statSync(filename);
    // Bytes, then decoded: Node 20's readFileSync(f, 'utf8') takes ~130 ms on the 9 MB bundle
    // where this takes ~75 (its own decoder is slower than Buffer's).
    source = fs.readFileSync(filename).toString('utf8');
  } catch {
    return local(filename);
  }
  const cacheFile = cacheFileFor(dir, filename, st);
  const read = readCache(cacheFile);
  const cachedData = read === 'damaged' ? undefined : read;
  const script = new vm.Script(Module.wrap(source), {
    filename,
    cachedData,
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const outcome: CacheOutcome = read === 'damaged' || script.cachedDataRejected ? 'rejected' : cachedData === undefined ? 'absent' : 'used';
  cacheOutcomes.set(filename, outcome);

  // The module object `require` would have made, registered before its code runs (as
  // require does, so a cycle back into it sees the partial exports).
  const mod = new Module(filename, undefined);
  mod.filename = filename;
  local.cache[filename] = mod;
  try {
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(mod.exports, mod.exports, createRequire(filename), mod, filename, path.dirname(filename));
  } catch (e) {
    delete local.cache[filename];
    throw e;
  }
  mod.loaded = true;
  if (outcome !== 'used') process.once('exit', () => writeCache(cacheFile, script.createCachedData()));
  return mod.exports;
}
