#!/usr/bin/env node
// Wall time of `brian2lava check` as a whole process (Node start-up included), the way a user or CI
// runs it: the installed command bin/brian2lava (which starts check from the start-up snapshot), with
// the ordinary start `node bin/brian2lava.js` beside it. Each case runs several times and the median is reported, with Node's own start-up and the
// CLI's start-up without work as baselines, so the share of the actual analysis is visible.
//
//   node bench/check-time.mjs [--runs N] [--model FILE] [--out FILE] [--baseline OTHER/bin/brian2lava.js [--baseline-label TEXT]]
//
// --baseline adds the same check run with another build of the CLI (e.g. an older commit checked out
// with `git worktree add`), measured in the same session so machine load affects both alike.
// Needs a build (`npm run build`); `npm run bench:check` builds first. Writes bench/RESULTS-check.md.

import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin', 'brian2lava.js');
const LAUNCHER = path.join(ROOT, 'bin', 'brian2lava');

function option(name, fallback) {
  const k = process.argv.indexOf(name);
  return k >= 0 && process.argv[k + 1] ? process.argv[k + 1] : fallback;
}

const runs = Number(option('--runs', '10'));
const baseline = option('--baseline', null);
const baselineLabel = option('--baseline-label', baseline);
const out = path.resolve(option('--out', path.join(ROOT, 'bench', 'RESULTS-check.md')));
const fixtures = readdirSync(path.join(ROOT, 'fixtures'))
  .filter((f) => f.endsWith('.py'))
  .map((f) => path.join(ROOT, 'fixtures', f));
// The largest fixture by size of the script (the most statements and strings to read).
const largest = fixtures.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
const model = path.resolve(option('--model', largest));

// args[0] === LAUNCHER runs the installed command itself; anything else is run with this Node.
function time(args, expectCode) {
  const started = process.hrtime.bigint();
  const r =
    args[0] === LAUNCHER
      ? spawnSync(LAUNCHER, args.slice(1), { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' })
      : spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (expectCode !== undefined && r.status !== expectCode) {
    throw new Error(`${args.join(' ')} exited with ${r.status}:\n${r.stderr}`);
  }
  return { ms, stdout: r.stdout };
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

function measure(label, args, expectCode) {
  time(args, expectCode); // warm the file system cache
  const samples = [];
  for (let k = 0; k < runs; k++) samples.push(time(args, expectCode).ms);
  const s = stats(samples);
  process.stderr.write(`${label}: median ${s.median.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})\n`);
  return { label, ...s };
}

const rel = (p) => path.relative(ROOT, p);
const load = os.loadavg()[0];
const rows = [
  measure('node -e "" (Node start-up alone)', ['-e', '']),
  measure('brian2lava --version (CLI start-up, no work)', [LAUNCHER, '--version'], 0),
  measure(`brian2lava check ${rel(model)}`, [LAUNCHER, 'check', '-q', model], 0),
  measure(`node bin/brian2lava.js check ${rel(model)} (ordinary start, no snapshot)`, [CLI, 'check', '-q', model], 0),
  ...(baseline ? [measure(`${baselineLabel}: brian2lava check ${rel(model)}`, [path.resolve(baseline), 'check', '-q', model], 0)] : []),
  measure(`brian2lava check fixtures/*.py (${fixtures.length} models, one process)`, [LAUNCHER, 'check', '-q', ...fixtures], 0),
];

// In-process time of the analysis itself, as `check --json` reports it (parse, evaluate, model, lower).
const inProcess = stats(
  Array.from({ length: runs }, () => JSON.parse(time([LAUNCHER, 'check', '--json', model], 0).stdout.trim().split('\n')[0]).ms),
).median.toFixed(0);

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# `brian2lava check` wall time',
  '',
  `Measured by \`bench/check-time.mjs\` (\`npm run bench:check\`) on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${os.cpus().length} × ${cpu}, ${os.platform()}; 1-minute load average at the start: ${load.toFixed(2)}.`,
  `Each row is a whole process (Node start-up included), run ${runs} times after one warm-up run; times in milliseconds.`,
  '',
  '| command | median | min | max |',
  '|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.label} | ${r.median.toFixed(0)} | ${r.min.toFixed(0)} | ${r.max.toFixed(0)} |`),
  '',
  `The model is the largest fixture (\`${rel(model)}\`, ${statSync(model).size} bytes). Inside the process, \`check --json\` reports a median of ${inProcess} ms for reading, evaluating, building the IR and lowering it (from the snapshot the parsers are built and the functions compiled, but not optimised: the first model of a process still runs colder than later ones).`,
  '',
];
writeFileSync(out, lines.join('\n'));
process.stderr.write(`wrote ${rel(out)}\n`);
