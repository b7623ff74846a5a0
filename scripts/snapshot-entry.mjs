// Entry of the start-up snapshot (built by scripts/build-snapshot.mjs, used by bin/brian2lava for
// `convert` and `check`). Bundled into one CommonJS script, it runs once at build time: it loads every
// module these commands use, builds the Chevrotain parsers, compiles the project templates and converts
// the fixtures in memory (so that the functions of the pipeline are compiled), then Node saves the heap.
// A convert started from the blob begins with all of that done: its time is Node's start and the
// conversion itself (bench/RESULTS.md §2).
//
// What the heap must not freeze is re-read when the process starts (see `main` below): the command
// line, and chalk's colour level (it looks at the terminal and at FORCE_COLOR when it is loaded).
// process.env stays live in a snapshot. Which blob is used, and when not, is bin/brian2lava's decision.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import tty from 'node:tty';
import { startupSnapshot } from 'node:v8';
import chalk from 'chalk';
// chalk's own terminal detection (the module chalk imports as #supports-color), to recompute its level
// at start-up exactly as chalk computes it when loaded.
import { createSupportsColor } from '../node_modules/chalk/source/vendor/supports-color/index.js';
import { main } from '../dist/src/cli/main.js';
import '../dist/src/cli/convert.js';
import '../dist/src/cli/check.js';
import { compile } from '../dist/src/compile.js';
import { preloadTemplates } from '../dist/src/4-targets/cpu/render.js';
import { PACKAGE_ROOT } from '../dist/src/paths.js';

if (!startupSnapshot.isBuildingSnapshot()) throw new Error('this script is the entry of `node --build-snapshot` (scripts/build-snapshot.mjs)');

preloadTemplates();
// Converting in memory leaves no state behind: the tests convert thousands of models in one process.
const fixtures = path.join(PACKAGE_ROOT, 'fixtures');
for (const name of readdirSync(fixtures)
  .filter((f) => f.endsWith('.py'))
  .sort()) {
  compile(`fixtures/${name}`, readFileSync(path.join(fixtures, name), 'utf8'));
}

startupSnapshot.setDeserializeMainFunction(() => {
  const level = createSupportsColor({ isTTY: tty.isatty(1) });
  chalk.level = level ? level.level : 0;
  // `node --snapshot-blob BLOB -- ARGS` gives process.argv = [node, ...ARGS]; commander expects the
  // script in argv[1], as `node bin/brian2lava.js ARGS` has it.
  const argv = [process.argv[0], path.join(PACKAGE_ROOT, 'bin', 'brian2lava'), ...process.argv.slice(1)];
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // As bin/brian2lava.js: an internal error, not a problem with the model.
      process.stderr.write(`brian2lava: internal error: ${e && e.stack ? e.stack : e}\nPlease report this with the model that caused it.\n`);
      process.exitCode = 3;
    },
  );
});
