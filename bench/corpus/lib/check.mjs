// `brian2lava check` on one script: accepted, or refused with its first error (code, message, line).

import path from 'node:path';
import { runCommand } from './proc.mjs';

/** One JSON object per model is printed on stdout by `check --json`; the last one is ours. */
function lastJson(stdout) {
  const lines = stdout.split('\n').filter((l) => l.startsWith('{'));
  for (let k = lines.length - 1; k >= 0; k--) {
    try {
      return JSON.parse(lines[k]);
    } catch {
      // a partial line
    }
  }
  return null;
}

/**
 * { verdict: 'accepted' | 'refused' | 'crash' | 'timeout', code, message, line, file, ms }.
 * Run from the corpus root so that file names in diagnostics are relative to it.
 */
export async function checkScript(cli, root, rel, timeout) {
  const r = await runCommand(cli, ['check', '--json', rel], { cwd: root, timeout, env: { ...process.env, NO_COLOR: '1' } });
  if (r.timedOut) return { verdict: 'timeout', code: null, message: `check did not finish within ${timeout} s`, line: null, file: null, ms: null };
  const json = lastJson(r.stdout);
  if (!json) {
    const tail = r.stderr.trim().split('\n').slice(-2).join(' ');
    return { verdict: 'crash', code: `exit ${r.code ?? r.signal}`, message: tail, line: null, file: null, ms: null };
  }
  const first = (json.diagnostics ?? []).find((d) => d.severity === 'error');
  if (json.ok) return { verdict: 'accepted', code: null, message: null, line: null, file: null, ms: json.ms ?? null };
  if (!first) {
    return {
      verdict: r.code === 3 ? 'crash' : 'refused',
      code: json.stage ?? `exit ${r.code}`,
      message: json.error ?? '',
      line: null,
      file: null,
      ms: json.ms ?? null,
    };
  }
  const file = first.file ? path.relative(root, path.resolve(root, first.file)).split(path.sep).join('/') : null;
  return {
    verdict: r.code === 3 ? 'crash' : 'refused',
    code: first.code,
    message: first.message,
    line: first.line ?? null,
    file: file === rel ? null : file, // only when the error is in another file (an imported module)
    ms: json.ms ?? null,
  };
}
