/**
 * The built compiler (dist/), for tests that run the real command line: `ensureBuilt` builds it
 * when it is missing or older than a source file (`npm test` builds first, so this only matters
 * when a test file is run alone), `cliMain` is its `main(argv, io)`, run in this process with
 * the output captured.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const ENTRY = 'dist/compiler/cli/main.js';

function newest(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    return Math.max(m, e.isDirectory() ? newest(p) : e.name.endsWith('.ts') ? fs.statSync(p).mtimeMs : 0);
  }, 0);
}

export function ensureBuilt(): void {
  if (fs.existsSync(ENTRY) && fs.statSync(ENTRY).mtimeMs >= Math.max(newest('compiler'), newest('runtime'))) return;
  const r = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

type Main = (argv: string[], io: { out: (s: string) => void; err: (s: string) => void; color: boolean }) => Promise<number>;

/** Runs the built CLI's main() in this process (no colour), capturing what it prints. */
export async function cliMain(argv: string[]): Promise<CliRun> {
  const { main } = (await import(/* @vite-ignore */ pathToFileURL(path.resolve(ENTRY)).href)) as { main: Main };
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { out: (s) => (stdout += `${s}\n`), err: (s) => (stderr += `${s}\n`), color: false });
  return { code, stdout, stderr };
}
