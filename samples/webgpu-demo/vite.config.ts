// Vite config of the WebGPU demo. `npx vite build samples/webgpu-demo` (or `npx vite
// samples/webgpu-demo` for the dev server) first compiles model.ts to
//   generated/model.absad.js       the JavaScript module (f64 value and gradient; the loader's host path)
//   generated/model.absad.wgsl.js  the WGSL loader: createHingeLoss(device) -> kernel.run(...)
// exactly as `absad compile samples/webgpu-demo/model.ts --target wgsl --batch data
// --fn hingeLoss --out-dir samples/webgpu-demo/generated` does; main.ts imports both. The files
// are written (rather than imported as `./model.ts?target=wgsl&batch=data&fn=hingeLoss&absad`
// through the build plugin, which gives the same loader) so that the demo's test can compare
// them with the command line's. Needs absad built (`npm run build`): `absad` and
// `absad/runtime/webgpu.js` resolve to dist/.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');

function absadWgsl(): Plugin {
  return {
    name: 'absad-webgpu-demo-generate',
    async buildStart() {
      const { compileWgsl, formatDiagnostics } = await import('absad');
      // The repository-relative name goes into the generated headers (not this machine's path).
      const file = path.relative(repo, path.join(here, 'model.ts')).split(path.sep).join('/');
      const outDir = path.join(here, 'generated');
      const r = compileWgsl({ file, text: fs.readFileSync(path.join(repo, file), 'utf8') }, { fn: 'hingeLoss', batch: 'data', outFile: path.join(outDir, 'model.absad.js') });
      if (!r.js || !r.wgsl) this.error(formatDiagnostics(r.diagnostics, { color: false, source: (f) => r.sources.get(f) }));
      fs.mkdirSync(outDir, { recursive: true });
      const files: [string, string][] = [
        ['model.absad.js', r.js.code],
        ['model.absad.js.map', r.js.map],
        ['model.absad.d.ts', r.js.dts],
        ['model.absad.wgsl.js', r.wgsl.loader],
        ['model.absad.wgsl.d.ts', r.wgsl.dts],
      ];
      for (const [name, text] of files) {
        const target = path.join(outDir, name);
        // Unchanged files are left alone, so the dev server does not reload for nothing.
        if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) fs.writeFileSync(target, text);
      }
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [absadWgsl()],
  build: { outDir: path.join(here, 'dist'), emptyOutDir: true, target: 'es2022' },
});
