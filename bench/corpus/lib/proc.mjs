// Run one command in its own process group under a wall-clock limit and collect its output. The whole
// group is killed on timeout, so a Brian2 or Lava run never outlives the harness.

import { spawn } from 'node:child_process';

/**
 * Returns { code, signal, timedOut, wall, stdout, stderr }. `timeout` is in seconds (0: none);
 * output beyond `maxBytes` per stream keeps only its tail.
 */
export function runCommand(cmd, args, { cwd, env, timeout = 0, maxBytes = 4 << 20 } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env: env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    const keep = (name) => (chunk) => {
      out[name] += chunk.toString('utf8');
      if (out[name].length > maxBytes) out[name] = out[name].slice(-maxBytes);
    };
    child.stdout.on('data', keep('stdout'));
    child.stderr.on('data', keep('stderr'));
    let timedOut = false;
    const timer =
      timeout > 0
        ? setTimeout(() => {
            timedOut = true;
            killGroup(child.pid);
          }, timeout * 1000)
        : null;
    const stop = () => killGroup(child.pid);
    process.once('exit', stop);
    child.on('error', (err) => {
      out.stderr += String(err);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      process.off('exit', stop);
      killGroup(child.pid); // leftovers of the group (forked Lava processes)
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ code, signal, timedOut, wall, ...out });
    });
  });
}

function killGroup(pid) {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
