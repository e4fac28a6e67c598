import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The package's own entry points, as an installed project imports them, from the sources
    // (test/testing/package-install.test.ts checks the built package itself).
    alias: {
      'understudy/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
      'understudy/client': fileURLToPath(new URL('./src/client/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
