// The verify side of the harness for one accepted script: Brian2's run (numpy target, under a
// wall-clock limit, cached by content), our cpu run, and the shared judge's verdict.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { runCommand } from './proc.mjs';

/** The BRIAN2LAVA-ERROR line python/brian2_run.py writes on failure, as one short reason. */
function brian2Error(stderr, code) {
  const line = stderr.split('\n').find((l) => l.startsWith('BRIAN2LAVA-ERROR '));
  if (line) {
    try {
      const e = JSON.parse(line.slice('BRIAN2LAVA-ERROR '.length));
      return `${e.type}: ${e.message}${e.where ? ` (line ${e.where.line})` : ''}`;
    } catch {
      // fall through
    }
  }
  return `exit ${code}: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`;
}

/**
 * Brian2's results for `script` (a path in the scratch copy), from the cache when the script, the
 * runner and the interpreter are the same and an earlier run finished (or was slower than this limit).
 * Returns { status: 'ok' | 'slow' | 'error', wall, reason, results }.
 */
export async function brian2Reference(opts, script, seed) {
  const { python, runner, cacheDir, timeout, useCache } = opts;
  const key = createHash('sha256')
    .update(readFileSync(script))
    .update('\0')
    .update(readFileSync(runner))
    .update(`\0${python}\0${seed ?? ''}\0sys.path: script folder and its parents`)
    .digest('hex')
    .slice(0, 32);
  mkdirSync(cacheDir, { recursive: true });
  const metaFile = path.join(cacheDir, `${key}.meta.json`);
  const resultsFile = path.join(cacheDir, `${key}.json`);
  if (useCache && existsSync(metaFile)) {
    const meta = JSON.parse(readFileSync(metaFile, 'utf8'));
    const usable =
      (meta.status === 'ok' && existsSync(resultsFile)) || meta.status === 'error' || (meta.status === 'slow' && timeout > 0 && meta.timeout >= timeout);
    if (usable) return { ...meta, results: meta.status === 'ok' ? resultsFile : null, cached: true };
  }
  const tmp = `${resultsFile}.${process.pid}.run.json`;
  const args = [runner, script, '--results', tmp];
  if (seed !== undefined && seed !== null) args.push('--seed', String(seed));
  // `python script.py` has the script's folder on sys.path; the folders above it up to the corpus root
  // stand for packages of the corpus being installed (neurodynex3 imports neurodynex3.tools...).
  const importPath = [...ancestors(path.dirname(script), opts.corpusRoot), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
  const r = await runCommand(python, args, { cwd: path.dirname(script), timeout, env: { ...process.env, MPLBACKEND: 'Agg', PYTHONPATH: importPath } });
  let meta;
  if (r.timedOut) meta = { status: 'slow', wall: r.wall, timeout, reason: `longer than ${timeout} s in Brian2` };
  else if (r.code === 0 && existsSync(tmp)) {
    copyFileSync(tmp, resultsFile);
    meta = { status: 'ok', wall: r.wall, timeout, reason: null };
  } else meta = { status: 'error', wall: r.wall, timeout, reason: brian2Error(r.stderr, r.code ?? r.signal) };
  writeFileSync(metaFile, JSON.stringify(meta));
  return { ...meta, results: meta.status === 'ok' ? resultsFile : null, cached: false };
}

/** `dir` and its parents up to `root` (both included). */
function ancestors(dir, root) {
  const out = [dir];
  let d = dir;
  while (root && d !== root && d.startsWith(root + path.sep)) {
    d = path.dirname(d);
    out.push(d);
  }
  return out;
}

/** Our cpu run: { status: 'ok' | 'refused' | 'error' | 'timeout', wall, lavaWall, reason, results }. */
export async function ourRun(opts, script, outDir) {
  const { cli, timeout, seed } = opts;
  const args = ['run', script, '-o', outDir, '--force', '--no-plots', '--json', '--backend', 'cpu'];
  if (seed !== undefined && seed !== null) args.push('--seed', String(seed));
  if (timeout > 0) args.push('--timeout', String(timeout));
  // the CLI's own --timeout stops Lava; ours is a backstop with some margin for convert and start-up
  const r = await runCommand(cli, args, { cwd: path.dirname(script), timeout: timeout > 0 ? timeout + 120 : 0, env: { ...process.env, NO_COLOR: '1' } });
  const line = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  let json = null;
  try {
    json = line ? JSON.parse(line) : null;
  } catch {
    json = null;
  }
  if (r.timedOut) return { status: 'timeout', wall: r.wall, lavaWall: null, reason: `no result within ${timeout} s`, results: null };
  if (!json)
    return {
      status: 'error',
      wall: r.wall,
      lavaWall: null,
      reason: `exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-1)[0] ?? ''}`,
      results: null,
    };
  if (json.ok && json.results && existsSync(json.results))
    return { status: 'ok', wall: r.wall, lavaWall: json.wall_s ?? null, reason: null, results: json.results };
  const first = (json.diagnostics ?? []).find((d) => d.severity === 'error');
  const reason = `${json.stage ?? 'run'}: ${first ? `${first.code}: ${first.message}` : String(json.error ?? '').split('\n')[0]}`;
  return {
    status: json.stage === 'convert' || json.stage === 'read' ? 'refused' : 'error',
    wall: r.wall,
    lavaWall: json.wall_s ?? null,
    reason,
    results: null,
  };
}

function monitorCount(file) {
  try {
    return Object.keys(JSON.parse(readFileSync(file, 'utf8')).monitors ?? {}).length;
  } catch {
    return -1;
  }
}

/**
 * The shared judge on the two results: { verdict: 'PASS' | 'FAIL' | 'NOTHING' | 'ERROR', lines, failing }.
 * `lines` are compare.py's own output lines; `failing` the ones of monitors outside tolerance.
 */
export async function judge(opts, refFile, oursFile, script, choice) {
  const nRef = monitorCount(refFile);
  if (nRef === 0) {
    const nOurs = monitorCount(oursFile);
    if (nOurs === 0) return { verdict: 'NOTHING', lines: ['neither side recorded a monitor'], failing: [] };
    return { verdict: 'FAIL', lines: [`Brian2's results hold no monitor, ours hold ${nOurs} (monitors not bound to top-level names?)`], failing: [] };
  }
  // --mode as chosen; compare.py still takes rel= from the header when the header names that mode
  const args = [opts.judge, refFile, oursFile, '--model', script, '--mode', choice.mode];
  const r = await runCommand(opts.python3, args, { timeout: 600 });
  const lines = (r.stdout + r.stderr).trim().split('\n').filter(Boolean);
  if (r.code === 2 || r.timedOut) return { verdict: 'ERROR', lines, failing: [] };
  return { verdict: r.code === 0 ? 'PASS' : 'FAIL', lines, failing: lines.filter((l) => l.startsWith('FAIL ')) };
}
