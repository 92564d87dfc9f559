import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{engine,trace,oracle,fuzz,corpus,cli,bench}/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
