// expect: ABS1004 import-not-found 2:10
import { softplus } from './lib/helpers';

export function act(x: number): number {
  return softplus(x);
}
