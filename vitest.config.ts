import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel on forks (hostile YAML must not share a process; see docs/design/untrusted-input.md#yaml).
    pool: 'forks',
    maxWorkers: 2,
  },
});
