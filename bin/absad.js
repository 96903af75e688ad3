#!/usr/bin/env node
// The absad command line: runs the compiled CLI in dist/ (built by `npm install` / `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/compiler/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('absad: the compiler is not built yet; run `npm run build` in the absad package\n');
  process.exit(2);
}
// A reader that stops early (`absad ir f.ts | head`) closes the pipe: stop quietly, as Unix
// tools do, rather than die on the write with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import(entry.href);
const colorFor = (stream) => !('NO_COLOR' in process.env) && (Boolean(stream.isTTY) || Boolean(process.env.FORCE_COLOR));
const code = await main(process.argv.slice(2), {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
  color: colorFor(process.stderr),
  // A redrawn line (progress bars) only on a terminal: '\r' and erase-line would litter a log file.
  progress: process.stderr.isTTY ? (s) => process.stderr.write(`\r\x1b[K${s}`) : undefined,
});
process.exitCode = code;
