import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel on forks (hostile YAML must not share a process; see reliability.md §6.1).
    pool: 'forks',
    maxWorkers: 2,
  },
});
