// expect: ABS1004 import-not-found 3:30
// A Node built-in module.
import { readFileSync } from 'node:fs';
export function f(x: Float64Array): number {
  return x[0] + readFileSync.length;
}
