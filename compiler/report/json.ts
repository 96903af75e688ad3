/**
 * `absad report --format json`: the stable JSON shape (version 1).
 *
 * {
 *   "version": 1,
 *   "file": "samples/kinks.ts",
 *   "absKink": 0,                       // abs'(0) used by plain AD
 *   "functions": [{
 *     "name": "e2", "loc": "samples/kinks.ts:16:1", "params": ["x"],
 *     "sites": [{
 *       "index": 1,                     // 1-based, evaluation order of the final IR
 *       "z": 1,                         // switching variable number; equal |z| = merged sites
 *       "kind": "relu",                 // abs | max | min | relu | clamp | pattern
 *       "loc": "samples/kinks.ts:7:10", // FILE:LINE:COL (1-based)
 *       "span": {"file", "line", "col", "endLine", "endCol"},
 *       "multiplicity": "n - 1",        // switching variables per call (loop trip counts)
 *       "dependsOn": {"inputs": ["x"], "sites": [ /* site indices *\/ ]},
 *       "depth": 1, "loopCarried": false, "zero": false
 *     }],
 *     "switchCount": "2 * (n - 1) + 1", // formula, sum of distinct sites' multiplicities
 *     "depth": 1, "depthGrowsWithLoops": false,
 *     "piecewiseLinear": true, "nonlinear": ["mul at FILE:L:C", ...],
 *     "hazards": [{"code": "ABS3002", "name": "merged-switch", "severity": "info" | "warning",
 *                  "loc": "FILE:L:C", "span": {...}, "message": "...", "fix": "..."}],
 *     "verdict": "plain words"
 *   }],
 *   "diagnostics": [{"code", "name", "severity", "message", "loc"}]   // from the compiler
 * }
 *
 * Fields are only ever added, never renamed or removed, within a version.
 */
import type { Report } from './analyze.js';

export function reportToJson(r: Report): string {
  const out = {
    version: 1,
    file: r.file,
    absKink: r.absKink,
    functions: r.functions,
    diagnostics: r.diagnostics.map((d) => ({ code: d.code, name: d.name, severity: d.severity, message: d.message, loc: `${d.span.file}:${d.span.line}:${d.span.col}` })),
  };
  return JSON.stringify(out, null, 2);
}
