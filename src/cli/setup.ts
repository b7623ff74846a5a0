// `brian2lava setup` and `brian2lava doctor`: the managed Python environment and what is installed.

import chalk from 'chalk';
import { dataHome, EnvironmentError, pythonInfo, resolvePython, setupManagedEnv } from '../run/environment.js';
import { VERSION } from '../version.js';
import { EXIT, type Output } from './io.js';

export async function setupCommand(options: { python?: string; force?: boolean; brian2?: boolean; plots?: boolean }, out: Output): Promise<number> {
  try {
    if (options.python) {
      const { python } = await resolvePython(options.python);
      out.out(`using ${python} (not managed by brian2lava)`);
      return EXIT.ok;
    }
    const extras = [...(options.brian2 ? (['brian2'] as const) : []), ...(options.plots ? (['matplotlib'] as const) : [])];
    const py = await setupManagedEnv({ force: options.force, with: [...extras], verify: true, log: (l) => out.info(l) });
    out.out(`Lava environment ready: ${py}`);
    out.json({ command: 'setup', ok: true, python: py });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof EnvironmentError) {
      out.error(e.message, e.hint);
      out.json({ command: 'setup', ok: false, stage: 'environment', error: e.message });
      return EXIT.runtime;
    }
    throw e;
  }
}

export async function doctorCommand(options: { python?: string }, out: Output): Promise<number> {
  const lines: [string, string][] = [
    ['brian2lava', VERSION],
    ['node', process.version],
    ['data folder', dataHome()],
  ];
  let ok = true;
  let info = null;
  try {
    const { python } = await resolvePython(options.python, { verify: true, log: (l) => out.info(chalk.dim(`setup: ${l}`)) });
    info = await pythonInfo(python, ['--brian2', '--matplotlib']);
    lines.push(['python', `${info.python} (${info.executable})`]);
    lines.push(['numpy', info.numpy.ok ? info.numpy.version! : `missing (${info.numpy.error})`]);
    lines.push([
      'lava-nc',
      info.lava.ok
        ? `${info.lava.version}${info.lava.loihi_hardware ? ' with lava-loihi (Loihi 2 hardware available)' : ' (no lava-loihi: Loihi 2 runs as bit-accurate emulation on CPU)'}`
        : `broken (${info.lava.error})`,
    ]);
    lines.push(['brian2', info.brian2?.ok ? info.brian2.version! : 'not installed (needed by verify; installed on demand)']);
    lines.push(['matplotlib', info.matplotlib?.ok ? info.matplotlib.version! : 'not installed (plots; installed on demand)']);
    ok = info.lava.ok && info.numpy.ok;
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    lines.push(['python', `unavailable: ${e.message}`]);
    ok = false;
  }
  for (const [k, v] of lines) out.out(`${k.padEnd(12)} ${v}`);
  out.json({ command: 'doctor', ok, brian2lava: VERSION, node: process.version, dataHome: dataHome(), python: info });
  return ok ? EXIT.ok : EXIT.runtime;
}
