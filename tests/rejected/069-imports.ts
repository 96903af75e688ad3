// expect: ABS1004 import-not-found 4:25
// expect: ABS1004 import-not-found 5:10
// expect: ABS1005 unsupported-import 6:8
import { relu, W } from './lib/does-not-exist';
import { softplus } from './lib/helpers';
import * as H from './lib/helpers';

export function act(x: number): number {
  return relu(x) + softplus(x) + H.relu(x) + W[0] * W.length;
}
