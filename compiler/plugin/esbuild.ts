/** `absad/esbuild`: the absad build plugin for Esbuild. `import absad from 'absad/esbuild'`, then `absad({ absKink?, wrt?, include?, exclude?, report? })`. */
import { absad } from './index.js';

export type { AbsadPluginOptions } from './index.js';
const plugin = absad.esbuild;
export default plugin;
