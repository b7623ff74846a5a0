// Which Python runs the Brian2 side of `verify` (`--brian2 auto|VERSION`):
// - the Python given with --python (or BRIAN2LAVA_PYTHON) when it has Brian2 (auto), or has that
//   version: the user's own Brian2 is the reference they trust;
// - otherwise the managed Lava environment, which gets the pinned Brian2 on first use (auto, or when
//   VERSION is the pinned one; with a given Python, only if that environment already has Brian2);
// - otherwise (another VERSION) a managed environment with just that Brian2 (environment.ts).
// The Lava side always runs with the Lava Python; only the Brian2 script run moves.

import { execa } from 'execa';
import { ensureExtra } from './extras.js';
import { EnvironmentError, existingManagedWith, PINNED_BRIAN2, setupBrian2Env } from './environment.js';

export interface Brian2Python {
  python: string;
  version: string;
  /** Where it comes from, for the output: "the given Python", "the managed environment", ... */
  from: string;
}

export type Brian2Choice = Brian2Python | { error: string; hint: string };

/** Brian2's version in `python`, or null when it has none (importing brian2 takes a second or two). */
export async function brian2Version(python: string): Promise<string | null> {
  const r = await execa(python, ['-c', 'import brian2, sys; sys.stdout.write(brian2.__version__)'], {
    reject: false,
    timeout: 120_000,
    env: { MPLBACKEND: 'Agg' },
  });
  return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : null;
}

/**
 * `env` is the Lava Python (managed or given); `spec` is 'auto' or a version (checked by the CLI). Installs into the managed
 * environments only, never into a given Python.
 */
export async function brian2Python(spec: string, env: { python: string; managed: boolean }, log: (line: string) => void): Promise<Brian2Choice> {
  let givenHas: string | null = null;
  if (!env.managed) {
    givenHas = await brian2Version(env.python);
    if (givenHas && (spec === 'auto' || spec === givenHas)) return { python: env.python, version: givenHas, from: 'the given Python' };
  }
  const notInGiven = env.managed ? '' : givenHas ? ` (${env.python} has Brian2 ${givenHas})` : ` (${env.python} has no Brian2)`;
  try {
    const version = spec === 'auto' ? PINNED_BRIAN2 : spec;
    if (version === PINNED_BRIAN2) {
      // The Lava environment we manage has (or gets) the pinned Brian2; for a given Python we use it
      // only when it already exists with Brian2, rather than building lava-nc just for this.
      const managed = env.managed ? env.python : await existingManagedWith('brian2');
      if (managed) {
        const extra = await ensureExtra('brian2', { python: managed, managed: true, log });
        if (!extra.ok) return { error: extra.reason, hint: extra.hint };
        return { python: managed, version, from: `the managed environment${notInGiven}` };
      }
    }
    const python = await setupBrian2Env(version, { log });
    return { python, version, from: `a managed environment for Brian2 ${version}${notInGiven}` };
  } catch (e) {
    if (!(e instanceof EnvironmentError)) throw e;
    return { error: `Brian2 ${spec === 'auto' ? PINNED_BRIAN2 : spec} could not be installed: ${e.message}`, hint: e.hint };
  }
}
