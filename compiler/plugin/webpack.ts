/** `absad/webpack`: the absad build plugin for Webpack. `import absad from 'absad/webpack'`, then `absad({ absKink?, wrt?, include?, exclude?, report? })`. */
import { absad } from './index.js';

export type { AbsadPluginOptions } from './index.js';
const plugin = absad.webpack;
export default plugin;
