/**
 * ts-morph, loaded with `require` rather than `import`: importing this CommonJS package from
 * ESM makes Node scan its 9 MB bundled TypeScript for named exports first, which costs about
 * 150 ms of every `absad` run. Types come from the package as usual.
 */
import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';

const tsMorph = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

export const Project = tsMorph.Project;
export type Project = TsMorph.Project;
export const ts: typeof TsMorph.ts = tsMorph.ts;
