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
 *     "verdict": "plain words",
 *     "sample": {                       // only with --sample N (compiler/report/sample.ts)
 *       "samples": 1000, "seed": 1,     // random lines asked for; generator seed
 *       "n": 100,                       // size of the sampled (first) parameter
 *       "domain": {"kind": "box", "lo": -1, "hi": 1} | {"kind": "around", "center": [...], "radius": 0.1},
 *       "switches": 99,                 // switching variables per evaluation (s)
 *       "kinkPoints": 1000,             // points found on a kink = exact + near
 *       "exact": 911,                   // the solved-for z_i is exactly 0 in f64 (active in the trace)
 *       "near": 89,                     // |z_i| at rounding level next to a sign change, never 0
 *       "missed": 0,                    // samples whose lines crossed no kink inside the domain
 *       "evaluations": 10813,           // function traces spent
 *       "likq": {"checked", "failures", "failureRate",   // failures / kinkPoints
 *                "failuresAtNear"},      // failures at near points (z_i counted as active)
 *       "plainAd": {                    // f_grad at the exact points, against the Clarke set
 *         "compared", "clarkeByLikq", "equalsCertified", "inSampledHull",
 *         "wrong",                      // outside the Clarke set (proven: see kink-check.ts)
 *         "undecided"},                 // outside the sampled hull, Clarke set not fully known
 *       "sites": [{"site": 1, "loc": "FILE:L:C", "kind": "max",   // report site index (0: none)
 *                  "active": 1000,      // kink points where one of its switches was active
 *                  "failures": 0}],     // LIKQ failures whose dependent rows include it
 *       "examples": [{"x": [...], "target": "FILE:L:C[i=3]", "exact": true, "z": 0,
 *                     "active": [switch ids], "involved": [switch ids],
 *                     "likq": {"holds", "rank", "activeCount", "reason"?},
 *                     "plainAd"?: {"gradient", "certified", "certificate",
 *                                  "verdict": "clarke-by-likq" | "equals-certified" |
 *                                             "in-sampled-hull" | "wrong" | "undecided"}}]
 *     }
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
