#!/usr/bin/env node
// Breadth on real scripts, measured: `brian2lava check` on every script of one or more corpora, and with
// --verify the accepted ones run by Brian2 (under a wall-clock limit) and by our cpu backend, judged by
// the shared conformance judge. Writes bench/RESULTS-corpus.md (and its data, bench/RESULTS-corpus.json).
//
//   node bench/corpus/run.mjs [--verify] [--only REGEX] [--timeout S] [NAME=]DIR...
//
// See bench/corpus/README.md for every option. Never needs the network; the corpora stay where they
// are (nothing of them is copied into the repository), Brian2 and our runs use a scratch copy.

import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkScript } from './lib/check.mjs';
import { listScripts } from './lib/discover.mjs';
import { chooseMode } from './lib/mode.mjs';
import { runCommand } from './lib/proc.mjs';
import { renderReport } from './lib/report.mjs';
import { corpusEntry, loadStore, recordCheck, recordVerify, saveStore } from './lib/store.mjs';
import { totals } from './lib/summary.mjs';
import { brian2Reference, judge, ourRun } from './lib/verify.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const USAGE = `usage: node bench/corpus/run.mjs [options] [NAME=]DIR...
  --verify              also run accepted scripts in Brian2 and on our cpu backend and judge them
  --only REGEX          measure only scripts whose path (relative to the corpus root, or NAME/path) matches
  --unverified          with --verify: verify only accepted scripts that have no verify record yet
  --timeout S           wall-clock limit of one Brian2 run (default 120); longer ones are "slow in Brian2"
  --lava-timeout S      wall-clock limit of one of our runs (default 600)
  --check-timeout S     wall-clock limit of one check (default 120)
  --out FILE            report (default bench/RESULTS-corpus.md); its data goes beside it as .json
  --cache DIR           Brian2 results cache (default $BRIAN2LAVA_CORPUS_CACHE or ~/.cache/brian2lava-corpus)
  --no-cache            run Brian2 again even when a cached result exists
  --python PATH         Python with brian2 (default $B2PY, else the managed environment)
  --judge FILE          conformance judge (default test/conformance/compare.py, a copy of the shared one)
  --cli PATH            brian2lava command (default bin/brian2lava of this checkout)
  --seed N              seed numpy's generator on both sides (Brian2's seed(N) before the script; our
                        run --seed N), so scripts whose draws we reproduce draw the same numbers (default 1)
  --no-seed             leave both sides unseeded (fresh entropy)
  --keep                keep the scratch folder (Brian2's and our outputs)`;

function parseArgs(argv) {
  const o = {
    dirs: [],
    verify: false,
    only: null,
    unverified: false,
    timeout: 120,
    lavaTimeout: 600,
    checkTimeout: 120,
    out: path.join(ROOT, 'bench', 'RESULTS-corpus.md'),
    cache: null,
    useCache: true,
    python: null,
    judge: path.join(ROOT, 'test', 'conformance', 'compare.py'),
    cli: path.join(ROOT, 'bin', 'brian2lava'),
    keep: false,
    seed: 1,
  };
  const value = (k) => {
    if (k + 1 >= argv.length) throw new Error(`${argv[k]} needs a value`);
    return argv[k + 1];
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--verify') o.verify = true;
    else if (a === '--unverified') o.unverified = true;
    else if (a === '--no-cache') o.useCache = false;
    else if (a === '--keep') o.keep = true;
    else if (a === '--no-seed') o.seed = null;
    else if (a === '--seed') o.seed = Number(value(k++));
    else if (a === '--only') o.only = new RegExp(value(k++));
    else if (a === '--timeout') o.timeout = Number(value(k++));
    else if (a === '--lava-timeout') o.lavaTimeout = Number(value(k++));
    else if (a === '--check-timeout') o.checkTimeout = Number(value(k++));
    else if (a === '--out') o.out = path.resolve(value(k++));
    else if (a === '--cache') o.cache = path.resolve(value(k++));
    else if (a === '--python') o.python = value(k++);
    else if (a === '--judge') o.judge = path.resolve(value(k++));
    else if (a === '--cli') o.cli = path.resolve(value(k++));
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else {
      const m = /^([\w.-]+)=(.+)$/.exec(a);
      const dir = path.resolve(m ? m[2] : a);
      if (!existsSync(dir)) throw new Error(`no such folder: ${dir}`);
      o.dirs.push({ name: m ? m[1] : path.basename(dir), root: dir });
    }
  }
  if (!o.dirs.length) throw new Error('give at least one corpus folder');
  return o;
}

function brian2Python(explicit) {
  if (explicit) return explicit;
  if (process.env.B2PY) return process.env.B2PY;
  const home = process.env.BRIAN2LAVA_HOME ?? path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'brian2lava');
  const envs = path.join(home, 'envs');
  const found = existsSync(envs)
    ? readdirSync(envs)
        .filter((d) => d.startsWith('lava-') && existsSync(path.join(envs, d, 'bin', 'python')))
        .sort()
        .map((d) => path.join(envs, d, 'bin', 'python'))
    : [];
  if (!found.length) throw new Error('no Python with brian2: give --python or set B2PY');
  return found[found.length - 1];
}

function commitId() {
  const head = spawnSync('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no', '--', 'src', 'templates', 'python'], {
    encoding: 'utf8',
  }).stdout.trim();
  return `${head || 'unknown'}${dirty ? '+dirty' : ''}`;
}

function selected(o, name, rel) {
  return !o.only || o.only.test(rel) || o.only.test(`${name}/${rel}`);
}

// verify's own choice of the comparison mode and its monitor keys (the compiled CLI, dist/ of this checkout)
const { chooseVerifyMode } = await import(path.join(ROOT, 'dist', 'src', 'verify', 'mode.js'));
const { applyMonitorKeys } = await import(path.join(ROOT, 'dist', 'src', 'run', 'brian2-reference.js'));

async function modeFor(o, scratchScript) {
  const text = readFileSync(scratchScript, 'utf8');
  const r = await runCommand(o.cli, ['convert', '--emit-ir', path.basename(scratchScript)], {
    cwd: path.dirname(scratchScript),
    timeout: o.checkTimeout,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let ir = null;
  try {
    ir = r.code === 0 ? JSON.parse(r.stdout) : null;
  } catch {
    ir = null;
  }
  if (!ir) return chooseMode(text, null); // no IR: the harness's own scan of the text
  // Both sides start from --seed (as `verify --seed`), so reproduced draws are compared exactly.
  const choice = chooseVerifyMode(ir, text, undefined, false, o.seed ?? undefined);
  return { mode: choice.mode, rel: choice.rel, why: `verify: ${choice.why}` };
}

async function verifyOne(o, ctx, rel) {
  const script = path.join(ctx.scratchRoot, rel);
  const mode = await modeFor(o, script);
  const brian2 = await brian2Reference(
    {
      python: o.python,
      runner: path.join(ROOT, 'python', 'brian2_run.py'),
      cacheDir: o.cache,
      timeout: o.timeout,
      useCache: o.useCache,
      corpusRoot: ctx.scratchRoot,
    },
    script,
    o.seed,
  );
  const record = {
    mode,
    seed: o.seed,
    brian2: { status: brian2.status, wall: brian2.wall, timeout: brian2.timeout, reason: brian2.reason, cached: brian2.cached },
    ours: null,
    compare: null,
  };
  if (brian2.status !== 'ok') return record;
  const outDir = path.join(ctx.scratchOut, rel.replace(/\.py$/, ''));
  const ours = await ourRun({ cli: o.cli, timeout: o.lavaTimeout, seed: o.seed }, script, outDir);
  record.ours = { status: ours.status, wall: ours.wall, lavaWall: ours.lavaWall, reason: ours.reason };
  if (ours.status !== 'ok') return record;
  // Brian2's side keys its monitors provisionally; verify's rule renames them as the converter names them
  const reference = path.join(path.dirname(ours.results), 'brian2-results.json');
  copyFileSync(brian2.results, reference);
  applyMonitorKeys(reference);
  record.compare = await judge({ judge: o.judge, python3: 'python3' }, reference, ours.results, script, mode);
  return record;
}

function say(line) {
  process.stderr.write(`${line}\n`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const storeFile = o.out.replace(/\.md$/, '') + '.json';
  const store = loadStore(storeFile);
  const commit = commitId();
  if (!existsSync(o.cli)) throw new Error(`${o.cli} not found (npm ci / npm run build)`);
  let brian2Version = null;
  let scratch = null;
  if (o.verify) {
    o.python = brian2Python(o.python);
    o.cache ??= path.resolve(process.env.BRIAN2LAVA_CORPUS_CACHE ?? path.join(os.homedir(), '.cache', 'brian2lava-corpus'));
    const v = spawnSync(o.python, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8' });
    if (v.status !== 0) throw new Error(`${o.python} cannot import brian2`);
    brian2Version = v.stdout.trim();
    scratch = mkdtempSync(path.join(os.tmpdir(), 'brian2lava-corpus-'));
  }
  const started = Date.now();
  const stopScratch = () => {
    if (scratch && !o.keep) rmSync(scratch, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    stopScratch();
    process.exit(130);
  });
  try {
    for (const { name, root } of o.dirs) {
      const scripts = listScripts(root);
      const entry = corpusEntry(store, name, root, scripts);
      const chosen = scripts.filter((rel) => selected(o, name, rel));
      say(`${name}: ${chosen.length} of ${scripts.length} scripts (${root})`);
      for (const rel of chosen) {
        const c = await checkScript(o.cli, root, rel, o.checkTimeout);
        recordCheck(entry, rel, c, commit);
        say(`  check  ${rel}: ${c.verdict}${c.code ? ` [${c.code}] ${c.line ? `L${c.line} ` : ''}${c.message}` : ''}`);
      }
      saveStore(storeFile, store);
      if (!o.verify) continue;
      const ctx = { scratchRoot: path.join(scratch, 'corpus', name), scratchOut: path.join(scratch, 'out', name) };
      cpSync(root, ctx.scratchRoot, { recursive: true, filter: (src) => !/(^|\/)(\.git|__pycache__)$/.test(src) });
      for (const rel of chosen) {
        const r = entry.scripts[rel];
        if (r.check.verdict !== 'accepted') continue;
        if (o.unverified && r.verify) continue;
        const t0 = Date.now();
        const v = await verifyOne(o, ctx, rel);
        recordVerify(entry, rel, v, commit);
        saveStore(storeFile, store);
        const verdict =
          v.brian2.status !== 'ok'
            ? `Brian2 ${v.brian2.status}${v.brian2.reason ? `: ${v.brian2.reason}` : ''}`
            : v.ours.status !== 'ok'
              ? `ours ${v.ours.status}: ${v.ours.reason}`
              : `${v.compare.verdict} (${v.mode.mode}) ${v.compare.failing.join(' / ')}`;
        say(`  verify ${rel}: ${verdict} [${((Date.now() - t0) / 1000).toFixed(0)} s]`);
      }
    }
  } finally {
    stopScratch();
  }
  if (o.verify) store.verifyRun = { brian2: brian2Version, seed: o.seed, timeout: o.timeout, judge: path.relative(ROOT, o.judge) || o.judge };
  const meta = { verifyRun: store.verifyRun ?? null, date: new Date().toISOString().slice(0, 16).replace('T', ' '), commit, only: o.only?.source ?? null };
  writeFileSync(o.out, renderReport(store, meta));
  for (const { name } of o.dirs) {
    const t = totals(store.corpora[name]);
    say(
      `${name}: accepted ${t.accepted}/${t.scripts}; conform ${t.conform}/${t.judged}; slow in Brian2 ${t.slow}; Brian2 fails ${t.brian2Error}; not verified ${t.unverified}`,
    );
  }
  say(`wrote ${path.relative(process.cwd(), o.out)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err) => {
  say(`corpus: ${err.message}`);
  process.exit(2);
});
