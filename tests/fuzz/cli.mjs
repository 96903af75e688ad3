#!/usr/bin/env node
// `npm run fuzz -- --count N --seed S`: the differential fuzzer under plain Node 20, which
// cannot run TypeScript. esbuild (a dev dependency) bundles tests/fuzz/main.ts and the compiler
// sources it imports into node_modules/.cache/absad-fuzz/ (inside the repository, so packages
// such as ts-morph and typescript resolve from node_modules; they stay external), then Node
// runs the bundle. The build takes well under a second, so no stale build is ever run.
import { build } from 'esbuild';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(root);
const outfile = path.join(root, 'node_modules/.cache/absad-fuzz/main.mjs');
await build({
  entryPoints: [path.join(root, 'tests/fuzz/main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  outfile,
  logLevel: 'warning',
});
process.setSourceMapsEnabled(true);
const { main } = await import(pathToFileURL(outfile).href);
// Exit explicitly: Dawn's WebGPU instance can keep the event loop alive after the last device.
process.exit(await main(process.argv.slice(2)));
