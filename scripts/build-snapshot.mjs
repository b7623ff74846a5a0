#!/usr/bin/env node
// Builds the start-up snapshot of the CLI (part of `npm run build` / `npm ci`, after tsc):
//   1. esbuild bundles scripts/snapshot-entry.mjs with the compiled CLI (dist/src) and its packages into
//      one CommonJS script, dist/snapshot/brian2lava.cjs: `node --build-snapshot` runs a single script
//      that may require only Node's built-in modules;
//   2. `node --snapshot-blob ... --build-snapshot` runs it and saves the heap to
//      dist/snapshot/brian2lava-node-<version>.blob (written under another name, checked, then renamed,
//      so a blob in place is always whole: Node crashes on a truncated one);
//   3. dist/snapshot/root records the package folder the blob was built in (its paths are frozen in it).
// bin/brian2lava starts `convert` and `check` from the blob when it is valid for the running Node and
// newer than dist/src, the templates and package.json; otherwise it runs bin/brian2lava.js. A blob that
// cannot be built is therefore not an error: this script warns and exits 0, and the CLI stays correct,
// only slower to start.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = realpathSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
const OUT = path.join(ROOT, 'dist', 'snapshot');
const quiet = process.argv.includes('--quiet');

function warn(message) {
  process.stderr.write(
    `brian2lava build: warning: ${message}\n  the CLI works without it, only its start is slower (bin/brian2lava falls back to bin/brian2lava.js)\n`,
  );
  process.exit(0);
}

if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
  process.stderr.write('brian2lava build: dist/src is missing: run `tsc -p tsconfig.json` first (`npm run build` does both)\n');
  process.exit(1);
}

// Old blobs are removed first: a blob must never outlive the code it was built from.
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

let esbuild;
try {
  esbuild = await import('esbuild');
} catch (e) {
  warn(`esbuild is not installed (${e.message}), so no start-up snapshot was built`);
}

const bundle = path.join(OUT, 'brian2lava.cjs');
try {
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'scripts', 'snapshot-entry.mjs')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    // Without comments and indentation the bundle is 30 % smaller, and it is ASCII only: V8 keeps the
    // source of every script in the heap (for functions compiled on first call), and a source with one
    // non-ASCII character in a comment is stored as UTF-16 (3.6 MB instead of 1.3). A smaller heap is a
    // faster start (~5-10 ms of 120). Names are kept (no identifier minification): stack traces of
    // internal errors stay readable.
    minifyWhitespace: true,
    charset: 'ascii',
    // paths.ts finds the package root from its own URL: in the bundle, that of the bundle.
    define: { 'import.meta.url': '__brian2lava_url' },
    banner: { js: "var __brian2lava_url = require('node:url').pathToFileURL(__filename).href;" },
    plugins: [
      {
        // grammars/chevrotain.ts loads Chevrotain's single-file build at run time with a top-level await
        // (not possible in a CommonJS script); in a bundle the package is simply part of the bundle.
        name: 'chevrotain',
        setup(build) {
          build.onLoad({ filter: /[\\/]dist[\\/]grammars[\\/]chevrotain\.js$/ }, () => ({
            contents: "export * from 'chevrotain';",
            loader: 'js',
            resolveDir: ROOT,
          }));
        },
      },
    ],
  });
} catch (e) {
  warn(`bundling the CLI failed: ${e.message}`);
}

const version = process.version;
const blob = path.join(OUT, `brian2lava-node-${version}.blob`);
const partial = `${blob}.partial-${process.pid}`;
const built = spawnSync(process.execPath, ['--snapshot-blob', partial, '--build-snapshot', bundle], { cwd: ROOT, encoding: 'utf8' });
// Node warns that child_process and tty are "not fully verified" in snapshots: both are loaded (by
// execa and chalk) but neither is used while building; only that warning is expected on stderr.
const stderr = (built.stderr ?? '')
  .split('\n')
  .filter((l) => l && !/not yet fully verified|may still work in some cases|request support for the module|nodejs\/node\/issues|--trace-warnings/.test(l));
if (built.status !== 0 || !existsSync(partial)) {
  rmSync(partial, { force: true });
  warn(`node --build-snapshot failed (exit ${built.status}):\n${stderr.join('\n')}`);
}
if (stderr.length && !quiet) process.stderr.write(stderr.join('\n') + '\n');

// The blob must start and answer before it is put in place.
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const check = spawnSync(process.execPath, ['--snapshot-blob', partial, '--', '--version'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
if (check.status !== 0 || check.stdout.trim() !== pkg.version) {
  rmSync(partial, { force: true });
  warn(`the start-up snapshot does not start (exit ${check.status}: ${(check.stderr || check.stdout).trim().split('\n').pop()})`);
}
writeFileSync(path.join(OUT, 'root'), ROOT + '\n');
renameSync(partial, blob);
if (!quiet) process.stderr.write(`brian2lava build: start-up snapshot ${path.relative(ROOT, blob)} (${(statSync(blob).size / 2 ** 20).toFixed(1)} MB)\n`);
