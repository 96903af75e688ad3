/**
 * The TypeScript compiler API, as bundled with ts-morph (so absad and ts-morph share one copy),
 * and ts-morph's Project, loaded only when the full-library check needs it (parse-ts.ts).
 *
 * TypeScript is loaded through V8's code cache (code-cache.ts): it is by far the largest part
 * of every `absad` start. Both are loaded with `require`, not `import`: importing this CommonJS
 * code from ESM makes Node scan the 9 MB bundle for named exports first. Types come from the
 * ts-morph package as usual.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import { requireWithCodeCache } from './code-cache.js';

const require = createRequire(import.meta.url);

/** The file ts-morph's own `require('./typescript')` resolves to. */
export const TYPESCRIPT_FILE = require.resolve('@ts-morph/common/dist/typescript.js', { paths: [require.resolve('ts-morph')] });

export const ts = requireWithCodeCache(TYPESCRIPT_FILE) as typeof TsMorph.ts;

let tsMorph: typeof TsMorph | undefined;

/** ts-morph itself (its Project and in-memory file system with the complete lib files). */
export function loadTsMorph(): typeof TsMorph {
  tsMorph ??= require('ts-morph') as typeof TsMorph;
  // ts-morph re-exports TypeScript through a namespace copy: compare a function, not the object.
  if (tsMorph.ts.createSourceFile !== ts.createSourceFile) throw new Error('ts-morph loaded a second TypeScript; expected the one at ' + TYPESCRIPT_FILE);
  return tsMorph;
}
