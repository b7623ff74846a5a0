import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30 * 60_000,
    // Lava runs fork processes and use shared memory: keep conformance runs in one worker at a time.
    fileParallelism: false,
  },
});
