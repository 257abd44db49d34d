#!/usr/bin/env -S node --max-semi-space-size=8 --heap-growing-percent=50
// Shim: refuse old Node with one clear line, then hand over to the compiled CLI.
// The flags bound V8's heap to what a long run needs: a 1,000-shot run keeps ~36 MB live, but the default young
// generation grows to ~134 MB on its own, and the old space to 100-135 MB of garbage before a full collection. With
// them it peaks at 166-190 MB instead of 233 MB, at no CPU cost we could tell from the noise (bench/executor.bench.js,
// docs/executor.md § Benchmark). They must be on node's command line: v8.setFlagsFromString has no effect once the
// heap exists.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `render: Node ${process.versions.node} is too old; storyboard-render needs Node 22 or newer.\n` +
      `  Install Node 22+ (for example: npm install --prefix .tools node@24, then put .tools/node_modules/.bin first on PATH).\n`,
  );
  process.exit(2);
}
const { main } = await import('../dist/cli/main.js');
process.exitCode = await main(process.argv.slice(2));
