/**
 * How the command line writes files: all of a command's outputs or none, each one atomically,
 * never over an input and never through a planted link.
 *
 *  - An output whose real path (symbolic links in its directory resolved) is an input of the
 *    command, or a local module an input imports, is refused before anything is written.
 *  - Each output is first written to a fresh temporary file next to it, created exclusively
 *    (`wx`: it fails rather than follow a link or reuse a file someone placed there), then
 *    renamed over the target. A reader sees the old file or the new one, never half of one;
 *    renaming replaces a link at the target instead of writing through it.
 *  - Every temporary file is written before the first rename, so a failure while writing
 *    (disk full, permissions) leaves all existing outputs untouched and removes the temporaries.
 * Problems come back as UsageError (exit code 1, a located `absad` diagnostic), not as
 * internal errors.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './args.js';

/** The path a file would have with symbolic links resolved (for a file that may not exist yet). */
function realTarget(file: string): string {
  const dir = path.dirname(path.resolve(file));
  let realDir = dir;
  try {
    realDir = fs.realpathSync(dir);
  } catch {
    // The directory does not exist yet: nothing in it can be an input.
  }
  const full = path.join(realDir, path.basename(file));
  try {
    return fs.realpathSync(full);
  } catch {
    return full;
  }
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message;
}

/** Writes every [path, text] pair, or none of them (see the header). */
export function writeOutputs(outputs: readonly (readonly [string, string])[], inputs: readonly string[]): void {
  const protectedFiles = new Set(inputs.map(realTarget));
  for (const [target] of outputs) {
    if (protectedFiles.has(realTarget(target))) throw new UsageError('usage', `refusing to overwrite the input file '${target}'`, 'choose another --out-dir');
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(target);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) throw new UsageError('cannot-write', `cannot write '${target}': it is a directory`);
    const dir = path.dirname(target);
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new UsageError('cannot-write', `cannot write into '${dir}': it is not a directory`);
  }
  const temporaries: string[] = [];
  const removeTemporaries = () => {
    for (const t of temporaries) fs.rmSync(t, { force: true });
  };
  try {
    for (const [target, text] of outputs) {
      const dir = path.dirname(target);
      fs.mkdirSync(dir, { recursive: true });
      const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
      const fd = fs.openSync(tmp, 'wx', 0o666);
      temporaries.push(tmp);
      try {
        fs.writeFileSync(fd, text);
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch (e) {
    removeTemporaries();
    throw new UsageError('cannot-write', `cannot write the output files: ${reason(e)}`, 'check that the output directory is a writable directory');
  }
  outputs.forEach(([target], i) => {
    try {
      fs.renameSync(temporaries[i], target);
    } catch (e) {
      removeTemporaries();
      throw new UsageError('cannot-write', `cannot write '${target}': ${reason(e)}`);
    }
  });
}
