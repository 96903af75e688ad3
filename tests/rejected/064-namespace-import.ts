// expect: ABS1005 unsupported-import 2:8
import * as H from './lib/helpers';

export function act(x: number): number {
  return H.relu(x);
}
