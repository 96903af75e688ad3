/** `absad/rollup`: the absad build plugin for Rollup. `import absad from 'absad/rollup'`, then `absad({ absKink?, wrt?, include?, exclude?, report? })`. */
import { absad } from './index.js';

export type { AbsadPluginOptions } from './index.js';
const plugin = absad.rollup;
export default plugin;
