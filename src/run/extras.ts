// Optional Python packages (brian2 for verify, matplotlib for plots), checked and installed on demand.
// The managed environment gets them with pinned versions (OPTIONAL in environment.ts); an interpreter
// given with --python / BRIAN2LAVA_PYTHON is never modified: a missing package is reported with the
// pip command to install it.

import { execa } from 'execa';
import { EnvironmentError, managedHas, OPTIONAL, setupManagedEnv } from './environment.js';

export type Extra = keyof typeof OPTIONAL;

const MODULE: Record<Extra, string> = { brian2: 'brian2', matplotlib: 'matplotlib' };
const PURPOSE: Record<Extra, string> = { brian2: 'verify runs the script with Brian2', matplotlib: 'plots' };

export type ExtraOutcome = { ok: true } | { ok: false; reason: string; hint: string };

async function importable(python: string, module: string): Promise<boolean> {
  const r = await execa(python, ['-c', `import ${module}`], { reject: false, timeout: 120_000, env: { MPLBACKEND: 'Agg' } });
  return r.exitCode === 0;
}

export async function ensureExtra(extra: Extra, ctx: { python: string; managed: boolean; log: (line: string) => void }): Promise<ExtraOutcome> {
  if (ctx.managed) {
    // the common case, without probing Pythons or taking the environment lock
    if (managedHas(ctx.python, extra)) return { ok: true };
    try {
      await setupManagedEnv({ verify: false, with: [extra], log: ctx.log });
      return { ok: true };
    } catch (e) {
      if (!(e instanceof EnvironmentError)) throw e;
      return { ok: false, reason: `${extra} could not be installed (${PURPOSE[extra]}): ${e.message}`, hint: e.hint };
    }
  }
  if (await importable(ctx.python, MODULE[extra])) return { ok: true };
  return {
    ok: false,
    reason: `${extra} is not installed in ${ctx.python} (${PURPOSE[extra]})`,
    hint: `install it there: ${ctx.python} -m pip install ${OPTIONAL[extra].join(' ')}`,
  };
}
