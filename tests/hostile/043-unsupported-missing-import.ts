// expect: ABS1004 import-not-found 3:24
// A local module that does not exist.
import { helper } from './does-not-exist.ts';
export function f(x: Float64Array): number {
  return helper(x[0]);
}
