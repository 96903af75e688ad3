import { defineConfig } from 'vite';
import absad from 'absad/vite';

// `absad()` compiles every `import ... from './file.ts?absad'` with absad at build time.
export default defineConfig({
  plugins: [absad({ report: 'json' })],
});
