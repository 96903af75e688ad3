// expect: ABS1004 import-not-found 2:22
import { relu } from './lib/does-not-exist';

export function act(x: number): number {
  return relu(x);
}
