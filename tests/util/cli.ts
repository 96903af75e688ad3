/**
 * Runs the real `absad` command (bin/absad.js over the built dist/) in a child process.
 * `npm test` builds first (pretest), so these tests exercise what a user runs.
 */
import { spawnSync } from 'node:child_process';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function absad(args: string[], env: Record<string, string | undefined> = {}): CliResult {
  const r = spawnSync(process.execPath, ['bin/absad.js', ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace line, as Node prints them. */
export const STACK_TRACE = /^\s+at .*(\(.*:\d+:\d+\)|:\d+:\d+)$|node:internal/m;
