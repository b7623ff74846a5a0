#!/usr/bin/env node
// Entry point: the compiled CLI lives in dist/ (built by `npm ci` / `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('brian2lava is not built yet: run `npm ci` (or `npm run build`) in its folder first.\n');
  process.exit(2);
}
const { main: run } = await import(main.href);
try {
  process.exitCode = await run(process.argv);
} catch (e) {
  // An internal error, not a problem with the model: keep it short but useful for a bug report.
  process.stderr.write(`brian2lava: internal error: ${e && e.stack ? e.stack : e}\nPlease report this with the model that caused it.\n`);
  process.exitCode = 3;
}
