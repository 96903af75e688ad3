// Bundles train.ts for Node with esbuild and the absad plugin: node build.mjs && node dist/train.mjs
import * as esbuild from 'esbuild';
import absad from 'absad/esbuild';

await esbuild.build({
  entryPoints: [new URL('./train.ts', import.meta.url).pathname],
  outfile: new URL('./dist/train.mjs', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  sourcemap: true,
  plugins: [absad()],
});
