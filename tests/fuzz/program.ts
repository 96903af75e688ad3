/**
 * A fuzz case: the program text plus what the checks need to call it (parameter kinds and
 * lengths, scalar or vector result, the seed of its evaluation points, its literals). The
 * checks see only this, so a reproducer saved as a file (tests/regressions/) replays exactly
 * like a freshly generated program.
 *
 *   caseOf(tree, seed)     a generated program tree -> its case
 *   argumentsAt(c, x)      the argument list at input x (data arguments fixed per case)
 *   formatReproducer / parseReproducer   the regression file format: a header of `//` lines
 *                          (check, message, seed, one `// fuzz-case: {json}` line), then the source
 */
import { mulberry32 } from '../util/rng.js';
import { type Param, type ProgramAst, printProgram } from './ast.js';
import { literalsOf } from './generator.js';

export interface FuzzCase {
  /** TypeScript module; its export `f` is the function under test. */
  source: string;
  params: Param[];
  output: 'scalar' | 'vector';
  /** Seeds the data arguments and the points the checks evaluate at. */
  seed: number;
  /** Number literals of the program (kink points put inputs there). */
  literals: number[];
}

export function caseOf(p: ProgramAst, seed: number): FuzzCase {
  return { source: printProgram(p), params: p.params, output: p.ret.k, seed, literals: literalsOf(p) };
}

/** Number of inputs (length of the differentiated array). */
export function inputCount(c: FuzzCase): number {
  return c.params[0].length!;
}

/** The data arguments of a case: the same at every point, drawn from its seed. */
function dataArguments(c: FuzzCase): Map<string, unknown> {
  const rng = mulberry32(c.seed ^ 0x5eed);
  const out = new Map<string, unknown>();
  for (const p of c.params) {
    if (p.kind === 'data') out.set(p.name, Float64Array.from({ length: p.length! }, () => rng() * 2 - 1));
    if (p.kind === 'int') out.set(p.name, p.value!);
    if (p.kind === 'num') out.set(p.name, 0.5 + rng());
  }
  return out;
}

const dataCache = new WeakMap<FuzzCase, Map<string, unknown>>();

/** Fresh arguments (arrays copied) for input x. */
export function argumentsAt(c: FuzzCase, x: ArrayLike<number>): unknown[] {
  let data = dataCache.get(c);
  if (!data) dataCache.set(c, (data = dataArguments(c)));
  return c.params.map((p) => {
    if (p.kind === 'wrt') return Float64Array.from(x);
    const v = data!.get(p.name);
    return v instanceof Float64Array ? Float64Array.from(v) : v;
  });
}

// ----- reproducer files ----------------------------------------------------------------------

export interface Reproducer {
  fuzzCase: FuzzCase;
  check: string;
  message: string;
}

const CASE_LINE = '// fuzz-case: ';

export function formatReproducer(r: Reproducer, origin: string): string {
  const { source, ...meta } = r.fuzzCase;
  // Stack frames name this machine's files; the generated code's own frames say enough.
  const message = r.message
    .split('\n')
    .filter((l) => !/^\s+at /.test(l) || l.includes('<anonymous>'))
    .slice(0, 6)
    .map((l) => `//   ${l.replace(/\(eval at .*?, (<anonymous>:\d+:\d+)\)/, '($1)')}`);
  return [
    `// absad fuzz reproducer: the "${r.check}" check failed on this program (shrunk).`,
    `// ${origin}`,
    '// message:',
    ...message,
    '// tests/regressions.test.ts compiles it and runs every differential check on it.',
    `${CASE_LINE}${JSON.stringify(meta)}`,
    source,
  ].join('\n');
}

export function parseReproducer(text: string): Reproducer {
  const line = text.split('\n').find((l) => l.startsWith(CASE_LINE));
  if (!line) throw new Error('not a fuzz reproducer: no `// fuzz-case:` line');
  const meta = JSON.parse(line.slice(CASE_LINE.length)) as Omit<FuzzCase, 'source'>;
  const check = /the "([a-z]+)" check failed/.exec(text)?.[1] ?? 'unknown';
  const message = text
    .split('\n')
    .filter((l) => l.startsWith('//   '))
    .map((l) => l.slice(5))
    .join('\n');
  return { fuzzCase: { ...meta, source: text }, check, message };
}
