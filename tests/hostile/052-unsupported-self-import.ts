// expect: ABS1005 unsupported-import 3:24
// A module that imports itself.
import { f as g } from './052-unsupported-self-import.ts';
export function f(x: Float64Array): number {
  return g(x) + 1;
}
