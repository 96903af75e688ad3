/**
 * The plugin's `report` option: the compile diagnostics of one `?absad` import (warnings
 * included) as `{ file, diagnostics }` JSON or a minimal SARIF 2.1.0 log.
 */
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { VERSION } from '../version.js';
import type { ReportFormat } from './options.js';

export function reportFileName(file: string, format: ReportFormat): string {
  const base = path.basename(file).replace(/\.(m|c)?(ts|js)$/, '');
  return `${base}.absad-report.${format === 'json' ? 'json' : 'sarif'}`;
}

export function renderReport(file: string, diagnostics: Diagnostic[], format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify({ file, diagnostics }, null, 2)}\n`;
  const log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'absad', version: VERSION } },
        results: diagnostics.map((d) => ({
          ruleId: d.code,
          level: d.severity === 'error' ? 'error' : 'warning',
          message: { text: d.hint ? `${d.name}: ${d.message} (hint: ${d.hint})` : `${d.name}: ${d.message}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(d.span.file || file) },
                region: { startLine: Math.max(1, d.span.line), startColumn: Math.max(1, d.span.col), endLine: Math.max(1, d.span.endLine), endColumn: Math.max(1, d.span.endCol) },
              },
            },
          ],
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toUri(file: string): string {
  const rel = path.isAbsolute(file) ? path.relative(process.cwd(), file) : file;
  return rel.split(path.sep).map(encodeURIComponent).join('/');
}
