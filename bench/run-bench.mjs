#!/usr/bin/env node
// `npm run bench`: brian2lava next to Brian2, measured in one session on one machine, written to
// bench/RESULTS.md (and the raw numbers to bench/RESULTS.json).
//
//   node bench/run-bench.mjs [--quick] [--force] [--max-load L] [--wait S] [--python PATH] [--brian2-python PATH]
//                            [--runs N] [--brian2-runs N] [--sim-runs N] [--sizes 1000,4000,16000] [--only REGEX] [--out FILE]
//
// --quick: fewer repetitions and sizes; --only: only the fixtures whose name matches (while developing).
//
// 1. Lava's own cost per step, per process and per port (bench/lava_overhead.py).
// 2. Convert: `brian2lava convert` as a whole process (Node start-up included) on every fixture and on
//    the CUBA networks of bench/models/, next to Brian2's build of the same script (every run() made
//    run(0*ms): objects, connect(), code generation, initialisation; Python start-up included). The
//    command is the one npm installs, bin/brian2lava, as a user runs it after `npm ci`: it starts convert
//    from the start-up snapshot (the benchmark checks that it does); the ordinary start,
//    `node bin/brian2lava.js`, is measured beside it for comparison.
// 3. Simulation: the generated project (`python run.py`, cpu backend) next to Brian2's numpy runtime
//    (the same script as written), CUBA at several N with p = 80/N; time per step, per spike and per
//    synaptic event, and the engine alone without Lava (bench/engine_step.py).
// 4. Peak memory of the process trees (bench/lib/measure.mjs).
// A busy machine distorts everything: the run waits for the 1-minute load average to drop below
// --max-load (default 1.5) for up to --wait seconds (default 600) and refuses if it does not (exit 2),
// unless --force, in which case RESULTS.md says so. The load is recorded before every section.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineFacts, pythonVersions, waitForQuiet } from './lib/machine.mjs';
import { measure, median, repeat } from './lib/measure.mjs';
import { renderResults } from './lib/report.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The installed command (package.json "bin"), and the CLI started the ordinary way (the README's `node
// bin/brian2lava.js`, what the launcher runs when it cannot use the snapshot).
const LAUNCHER = path.join(ROOT, 'bin', 'brian2lava');
const CLI = path.join(ROOT, 'bin', 'brian2lava.js');
const BENCH = path.join(ROOT, 'bench');

function option(name, fallback) {
  const k = process.argv.indexOf(name);
  return k >= 0 && process.argv[k + 1] !== undefined ? process.argv[k + 1] : fallback;
}
const flag = (name) => process.argv.includes(name);

const quick = flag('--quick');
const opts = {
  quick,
  force: flag('--force'),
  maxLoad: Number(option('--max-load', '1.5')),
  wait: Number(option('--wait', '600')),
  runs: Number(option('--runs', quick ? '2' : '5')),
  brian2Runs: Number(option('--brian2-runs', quick ? '1' : '3')),
  simRuns: Number(option('--sim-runs', quick ? '1' : '2')),
  sizes: option('--sizes', quick ? '1000,4000' : '1000,4000,16000')
    .split(',')
    .map(Number),
  out: path.resolve(option('--out', path.join(BENCH, 'RESULTS.md'))),
};

const log = (line) => process.stderr.write(`bench: ${line}\n`);
const loads = [];
const noteLoad = (section) => {
  const load = os.loadavg();
  loads.push({ section, load });
  log(`${section} (load ${load.map((x) => x.toFixed(2)).join(' ')})`);
};

async function lavaPython() {
  const explicit = option('--python', process.env.BRIAN2LAVA_PYTHON);
  if (explicit) return explicit;
  const { resolvePython } = await import(path.join(ROOT, 'dist', 'src', 'run', 'environment.js'));
  return (await resolvePython(undefined, { log: (l) => log(`setup: ${l}`) })).python;
}

function fail(message, hint) {
  process.stderr.write(`bench: error: ${message}\n${hint ? `  hint: ${hint}\n` : ''}`);
  process.exit(2);
}

// ---------------------------------------------------------------- set-up

if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) fail('brian2lava is not built', 'run `npm run bench` (it builds first) or `npm run build`');
// `sh -x` prints the command the launcher execs: the snapshot must be in use, or §2 measures the fallback.
const launch = spawnSync('sh', ['-x', LAUNCHER, 'convert', '--help'], { encoding: 'utf8' });
if (!/^\+ exec node --snapshot-blob /m.test(launch.stderr))
  fail('bin/brian2lava does not start convert from the start-up snapshot', 'run `npm run build` (it builds dist/snapshot), with no NODE_OPTIONS set');
const python = await lavaPython();
const pyInfo = pythonVersions(python);
if (!pyInfo?.lava) fail(`${python} has no lava-nc`, 'run `node bin/brian2lava.js setup` or pass --python');
const brian2Python = option('--brian2-python', pyInfo.brian2 ? python : null);
if (!brian2Python) fail(`${python} has no brian2`, 'run `node bin/brian2lava.js setup --brian2`, or pass --brian2-python PATH');
const b2Info = brian2Python === python ? pyInfo : pythonVersions(brian2Python);
if (!b2Info?.brian2) fail(`${brian2Python} has no brian2`, 'pass --brian2-python with a Python that has brian2');

const gate = await waitForQuiet(opts.maxLoad, opts.wait, log);
if (!gate.ok && !opts.force)
  fail(
    `the machine is busy (1-minute load average ${gate.load.toFixed(2)} >= ${opts.maxLoad} after waiting ${gate.waited.toFixed(0)} s)`,
    'try again later, raise --max-load, or measure anyway with --force (RESULTS.md then says so)',
  );
if (!gate.ok) log(`warning: measuring on a busy machine (load ${gate.load.toFixed(2)}), as asked with --force`);
const facts = machineFacts();
const started = Date.now();
const work = mkdtempSync(path.join(os.tmpdir(), 'b2l-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const env = { NO_COLOR: '1', PYTHONUNBUFFERED: '1', MPLBACKEND: 'Agg' };

// ---------------------------------------------------------------- 1. Lava's cost per step

noteLoad('Lava overhead');
const overhead = JSON.parse(
  (await measure(python, [path.join(BENCH, 'lava_overhead.py'), '--json', '--steps', quick ? '1000' : '3000'], { env, memory: false })).stdout
    .trim()
    .split('\n')
    .pop(),
);

// ---------------------------------------------------------------- 2. convert vs Brian2's build

noteLoad('convert vs build');
const only = new RegExp(option('--only', '.'));
const fixtures = readdirSync(path.join(ROOT, 'fixtures'))
  .filter((f) => f.endsWith('.py') && only.test(f))
  .sort()
  .map((f) => path.join(ROOT, 'fixtures', f));
const models = opts.sizes.map((n) => path.join(BENCH, 'models', `cuba_${n}.py`));
const baselines = {
  node: await repeat(opts.runs, process.execPath, ['-e', ''], { env, warm: 1 }),
  cli: await repeat(opts.runs, LAUNCHER, ['--version'], { env, warm: 1 }),
  plainCli: await repeat(opts.runs, process.execPath, [CLI, '--version'], { env, warm: 1 }),
  brian2Import: await repeat(opts.brian2Runs, brian2Python, ['-c', 'import brian2'], { env, warm: 1 }),
};
const convertRows = [];
for (const model of [...fixtures, ...models]) {
  const name = path.relative(ROOT, model);
  const out = path.join(work, 'convert', path.basename(model, '.py'));
  const row = { model: name };
  try {
    row.convert = await repeat(opts.runs, LAUNCHER, ['convert', model, '-o', out, '--force', '-q'], { env, warm: 1 });
  } catch (e) {
    row.convertError = String(e.result?.stderr ?? e)
      .trim()
      .split('\n')
      .pop();
  }
  try {
    row.build = await repeat(opts.brian2Runs, brian2Python, [path.join(BENCH, 'brian2_bench.py'), model, '--build'], { env });
    row.afterRunsError = JSON.parse(row.build.last.stdout.trim().split('\n').pop()).after_runs_error;
  } catch (e) {
    row.buildError = String(e.result?.stderr ?? e)
      .trim()
      .split('\n')
      .pop();
  }
  log(`  ${name}: convert ${row.convert?.ms.toFixed(0) ?? 'failed'} ms, Brian2 build ${row.build?.ms.toFixed(0) ?? 'failed'} ms`);
  convertRows.push(row);
}
// The same convert started the ordinary way, on the model of the phase profile below.
const phasesModel = models[Math.min(1, models.length - 1)];
const plainConvert = await repeat(opts.runs, process.execPath, [CLI, 'convert', phasesModel, '-o', path.join(work, 'plain'), '--force', '-q'], {
  env,
  warm: 1,
});
const phases = [];
for (let k = 0; k < opts.runs; k++) {
  const r = await measure(process.execPath, [path.join(BENCH, 'convert-phases.mjs'), phasesModel, path.join(work, 'phases')], { env, memory: false });
  phases.push(JSON.parse(r.stdout.trim()));
}
const phaseMedians = Object.fromEntries(Object.keys(phases[0]).map((k) => [k, median(phases.map((p) => p[k]))]));

// ---------------------------------------------------------------- 3. simulation

const simRows = [];
let profile = '';
for (const [k, n] of opts.sizes.entries()) {
  noteLoad(`simulation N=${n}`);
  const model = models[k];
  const project = path.join(work, 'sim', `cuba_${n}`, path.basename(model, '.py'));
  const conv = await measure(LAUNCHER, ['convert', model, '-o', path.dirname(project), '--force', '-q'], { env, memory: false });
  if (conv.code !== 0) fail(`cannot convert ${model}: ${conv.stderr}`);
  const results = path.join(project, 'results.json');
  const readLava = () => {
    const r = JSON.parse(readFileSync(results, 'utf8'));
    const spikes = Object.values(r.monitors)
      .filter((m) => m.type === 'SpikeMonitor')
      .reduce((a, m) => a + m.i.length, 0);
    return { spikes, timing: r.timing, t_end: r.t_end };
  };
  const lavaRuns = [];
  for (let r = 0; r < opts.simRuns; r++) {
    rmSync(results, { force: true });
    const m = await measure(python, ['run.py', '--results', results, '--protocol', 'async'], { cwd: project, env });
    if (m.code !== 0) fail(`the Lava run of ${model} failed:\n${m.stderr.slice(-2000)}`);
    lavaRuns.push({ ...m, ...readLava() });
  }
  rmSync(results, { force: true });
  const loihiRun = await measure(python, ['run.py', '--results', results, '--protocol', 'loihi'], { cwd: project, env });
  if (loihiRun.code !== 0) fail(`the Lava run (loihi protocol) of ${model} failed:\n${loihiRun.stderr.slice(-2000)}`);
  const loihi = { ...loihiRun, ...readLava() };
  const engine = await measure(python, [path.join(BENCH, 'engine_step.py'), project], { env, memory: false });
  const engineMatch = /([\d.]+) us\/step wall, ([\d.]+) us\/step cpu/.exec(engine.stdout);
  if (n === 4000 || (k === opts.sizes.length - 1 && !profile)) {
    const p = await measure(python, [path.join(BENCH, 'engine_step.py'), project, '--profile'], { env, memory: false });
    profile = { n, text: p.stdout };
  }
  const brian2Runs = [];
  for (let r = 0; r < opts.simRuns; r++) {
    const m = await measure(brian2Python, [path.join(BENCH, 'brian2_bench.py'), model, '--run'], { env });
    if (m.code !== 0) fail(`the Brian2 run of ${model} failed:\n${m.stderr.slice(-2000)}`);
    brian2Runs.push({ ...m, ...JSON.parse(m.stdout.trim().split('\n').pop()) });
  }
  const med = (runs, f) => median(runs.map(f));
  const row = {
    n,
    synapses: brian2Runs[0].synapses,
    steps: brian2Runs[0].steps,
    lava: {
      wallMs: med(lavaRuns, (r) => r.ms),
      stepsS: med(lavaRuns, (r) => r.timing.steps_s),
      setupS: med(lavaRuns, (r) => r.timing.setup_s),
      spikes: med(lavaRuns, (r) => r.spikes),
      pssKB: med(lavaRuns, (r) => r.pssKB),
      rssKB: med(lavaRuns, (r) => r.rssKB),
      hwmKB: med(lavaRuns, (r) => r.hwmKB),
      walls: lavaRuns.map((r) => r.ms),
    },
    loihi: { wallMs: loihi.ms, stepsS: loihi.timing.steps_s, spikes: loihi.spikes, pssKB: loihi.pssKB },
    engine: engineMatch ? { wallUs: Number(engineMatch[1]), cpuUs: Number(engineMatch[2]) } : null,
    brian2: {
      wallMs: med(brian2Runs, (r) => r.ms),
      loopS: med(brian2Runs, (r) => r.loop_s),
      spikes: med(brian2Runs, (r) => r.spikes),
      pssKB: med(brian2Runs, (r) => r.pssKB),
      rssKB: med(brian2Runs, (r) => r.rssKB),
      hwmKB: med(brian2Runs, (r) => r.hwmKB),
      walls: brian2Runs.map((r) => r.ms),
    },
  };
  log(
    `  N=${n}: Lava ${row.lava.wallMs.toFixed(0)} ms (steps ${(row.lava.stepsS * 1e3).toFixed(0)} ms), Brian2 ${row.brian2.wallMs.toFixed(0)} ms (loop ${(row.brian2.loopS * 1e3).toFixed(0)} ms)`,
  );
  simRows.push(row);
}
noteLoad('end');

// ---------------------------------------------------------------- report

const data = {
  date: new Date().toISOString(),
  minutes: (Date.now() - started) / 60000,
  options: opts,
  facts,
  gate,
  loads,
  python: { lava: { path: python, ...pyInfo }, brian2: { path: brian2Python, ...b2Info } },
  overhead,
  baselines: Object.fromEntries(Object.entries(baselines).map(([k, v]) => [k, { ms: v.ms, min: v.min, max: v.max }])),
  convert: convertRows.map((r) => ({
    model: r.model,
    convert: r.convert && { ms: r.convert.ms, min: r.convert.min, max: r.convert.max, hwmKB: r.convert.hwmKB },
    build: r.build && { ms: r.build.ms, min: r.build.min, max: r.build.max, hwmKB: r.build.hwmKB },
    convertError: r.convertError,
    buildError: r.buildError,
    afterRunsError: r.afterRunsError,
  })),
  phases: phaseMedians,
  phasesModel: path.relative(ROOT, phasesModel),
  plainConvert: { ms: plainConvert.ms, min: plainConvert.min, max: plainConvert.max },
  simulation: simRows,
  profile,
};
writeFileSync(opts.out.replace(/\.md$/, '.json'), JSON.stringify(data, null, 1) + '\n');
writeFileSync(opts.out, renderResults(data));
log(`wrote ${path.relative(ROOT, opts.out)} in ${data.minutes.toFixed(1)} min`);
