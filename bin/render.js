#!/usr/bin/env node
// Shim: refuse old Node with one clear line, then hand over to the compiled CLI.
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
