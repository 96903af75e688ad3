/**
 * The corpora of programs absad must reject (tests/rejected, tests/hostile). Each file opens with
 * one or more lines
 *     // expect: ABS1104 data-dependent-branch 4:7
 * (code, name, line:col of each diagnostic, in source order). Takes a directory; returns its .ts
 * and .js files in name order, each with its text, its lines (a byte-order mark dropped, split
 * where TypeScript and acorn split them, so positions count as absad's do) and its expectations.
 */
import * as fs from 'node:fs';

export const EXPECT = /^\/\/ expect: (ABS\d{4}) ([a-z0-9-]+) (\d+):(\d+)$/;
/** Line breaks as TypeScript and acorn count them (and so absad's positions). */
export const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

export interface Expected {
  code: string;
  name: string;
  line: number;
  col: number;
}

export interface CorpusFile {
  file: string;
  text: string;
  lines: string[];
  expected: Expected[];
}

/** The source's lines (a byte-order mark dropped), split where TypeScript splits them. */
export const linesOf = (text: string): string[] => text.replace(/^\uFEFF/, '').split(LINE_BREAK);

/** `CODE name line:col`, as the tests compare diagnostics. */
export const showExpected = (d: Expected): string => `${d.code} ${d.name} ${d.line}:${d.col}`;

/** The `// expect:` lines at the top of a file (consecutive, from line 1). */
export function expectations(lines: string[]): Expected[] {
  const out: Expected[] = [];
  for (const line of lines) {
    const m = EXPECT.exec(line.trimEnd());
    if (!m) break;
    out.push({ code: m[1], name: m[2], line: Number(m[3]), col: Number(m[4]) });
  }
  return out;
}

export function readCorpus(dir: string): CorpusFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /\.(ts|js)$/.test(f))
    .sort()
    .map((f) => {
      const file = `${dir}/${f}`;
      const text = fs.readFileSync(file, 'utf8');
      const lines = linesOf(text);
      return { file, text, lines, expected: expectations(lines) };
    });
}
