// The machine a benchmark runs on, and the gate that keeps it from measuring a busy machine.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

/** Versions of the Python side (one interpreter): Python, numpy, lava-nc, brian2 (null when absent). */
export function pythonVersions(python) {
  const code = [
    'import json, platform',
    'out = {"python": platform.python_version()}',
    'for m in ("numpy", "brian2"):',
    '    try:',
    '        out[m] = __import__(m).__version__',
    '    except Exception:',
    '        out[m] = None',
    'try:',
    '    from importlib.metadata import version',
    '    out["lava"] = version("lava-nc")',
    'except Exception:',
    '    out["lava"] = None',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(python, ['-c', code], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

export function machineFacts() {
  return {
    cpu: cpuModel(),
    cores: os.cpus().length,
    memGB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    load: os.loadavg(),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait (up to `waitSeconds`) until the 1-minute load average is below `maxLoad`. Returns
 * { ok, load, waited }; ok is false when the machine stayed busy.
 */
export async function waitForQuiet(maxLoad, waitSeconds, log) {
  const started = Date.now();
  let load = os.loadavg()[0];
  let said = false;
  while (load >= maxLoad && (Date.now() - started) / 1000 < waitSeconds) {
    if (!said) log(`load average ${load.toFixed(2)} >= ${maxLoad}: waiting up to ${waitSeconds} s for the machine to calm down`);
    said = true;
    await sleep(5000);
    load = os.loadavg()[0];
  }
  return { ok: load < maxLoad, load, waited: (Date.now() - started) / 1000 };
}
