/**
 * A Diagnostic is one located problem with a code from codes.ts. Compilation collects them
 * (all problems in a file, in one run) instead of stopping at the first; `AbsadError` carries
 * a list of them out of the API so the CLI and the plugin can format them.
 */
import type { Span } from '../ir/types.js';
import { DIAGNOSTICS, type DiagnosticName } from './codes.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  name: DiagnosticName;
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  hint?: string;
}

export function makeDiagnostic(name: DiagnosticName, span: Span, message: string, hint?: string, severity: Severity = 'error'): Diagnostic {
  const d: Diagnostic = { name, code: DIAGNOSTICS[name].code, severity, message, span };
  if (hint) d.hint = hint;
  return d;
}

/** Thrown by the API when a user's input cannot be compiled. */
export class AbsadError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.span.file}:${d.span.line}:${d.span.col} ${d.severity} ${d.code} ${d.name}: ${d.message}`).join('\n'));
  }
}

/** Used inside the frontend to abandon the current statement after reporting a problem. */
export class DiagnosticThrow extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds
    .filter((d) => {
      const key = `${d.span.file}:${d.span.line}:${d.span.col}:${d.code}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.span.file.localeCompare(b.span.file) || a.span.line - b.span.line || a.span.col - b.span.col);
}
