/** `absad/vite`: the absad build plugin for Vite. `import absad from 'absad/vite'`, then `absad({ absKink?, wrt?, include?, exclude?, report? })`. */
import { absad } from './index.js';

export type { AbsadPluginOptions } from './index.js';
const plugin = absad.vite;
export default plugin;
