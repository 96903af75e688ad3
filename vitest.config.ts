import { defineConfig } from 'vitest/config';

// Tests spawn the CLI and run the TypeScript checker: give them room on a 2-core machine.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
