// Measuring one command as a whole process: wall time from spawn to exit (interpreter start-up
// included) and the peak memory of its whole process tree (Lava forks a process per model and one
// for its runtime service, so the child alone would understate it).
//
// Memory is sampled every SAMPLE_MS from /proc: the tree is walked through
// /proc/PID/task/TID/children, and for every process the resident set (VmRSS) and the proportional
// set size (Pss, from smaps_rollup) are summed. RSS counts pages shared by forked processes once per
// process; PSS divides them among the sharers, so the PSS sum is the memory the tree really holds.
// The kernel's own high-water mark of each process (VmHWM) is kept too, so a peak that falls between
// two samples is not lost for single-process commands.

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const SAMPLE_MS = 40;

function read(file) {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return null;
  }
}

/** The process and its descendants (pids). */
function tree(root) {
  const out = [];
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop();
    out.push(pid);
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      const children = read(`/proc/${pid}/task/${tid}/children`);
      if (children) for (const c of children.trim().split(/\s+/)) if (c) todo.push(Number(c));
    }
  }
  return out;
}

function kb(text, field) {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text ?? '');
  return m ? Number(m[1]) : 0;
}

/** One sample: summed RSS, PSS and per-process high-water marks (kB) of the tree. */
function sample(root, hwm) {
  let rss = 0;
  let pss = 0;
  for (const pid of tree(root)) {
    const status = read(`/proc/${pid}/status`);
    if (!status) continue;
    rss += kb(status, 'VmRSS');
    pss += kb(read(`/proc/${pid}/smaps_rollup`), 'Pss');
    hwm.set(pid, Math.max(hwm.get(pid) ?? 0, kb(status, 'VmHWM')));
  }
  return { rss, pss };
}

/**
 * Run `cmd args` to completion. Returns { ms, code, stdout, stderr, rssKB, pssKB, hwmKB } where rssKB and
 * pssKB are the peaks of the summed tree and hwmKB the sum of the processes' own high-water marks
 * (an upper bound of the tree's peak; exact for one process).
 */
export function measure(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const hwm = new Map();
    let rssKB = 0;
    let pssKB = 0;
    const tick = () => {
      const s = sample(child.pid, hwm);
      rssKB = Math.max(rssKB, s.rss);
      pssKB = Math.max(pssKB, s.pss);
    };
    const timer = options.memory === false ? null : setInterval(tick, SAMPLE_MS);
    if (timer) setImmediate(tick);
    child.on('error', (e) => {
      if (timer) clearInterval(timer);
      reject(e);
    });
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (timer) clearInterval(timer);
      const hwmKB = [...hwm.values()].reduce((a, b) => a + b, 0);
      resolve({ ms, code, stdout, stderr, rssKB, pssKB, hwmKB: Math.max(hwmKB, rssKB) });
    });
  });
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Run a command `runs` times (after `warm` unrecorded runs); medians of time and memory, min and max of time. */
export async function repeat(runs, cmd, args, options = {}) {
  for (let k = 0; k < (options.warm ?? 0); k++) await measure(cmd, args, { ...options, memory: false });
  const all = [];
  for (let k = 0; k < runs; k++) {
    const r = await measure(cmd, args, options);
    if (r.code !== 0) {
      const err = new Error(`${cmd} ${args.join(' ')} exited with ${r.code}`);
      err.result = r;
      throw err;
    }
    all.push(r);
  }
  const ms = all.map((r) => r.ms);
  return {
    ms: median(ms),
    min: Math.min(...ms),
    max: Math.max(...ms),
    rssKB: median(all.map((r) => r.rssKB)),
    pssKB: median(all.map((r) => r.pssKB)),
    hwmKB: median(all.map((r) => r.hwmKB)),
    last: all[all.length - 1],
    all,
  };
}
