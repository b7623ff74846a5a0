// The key of each monitor in results.json: one rule, used by the converter (2-model/build.ts, for the
// Lava project) and by `verify` for Brian2's own run (src/verify/brian2-keys.ts, from what
// python/brian2_run.py saw), so that both sides name the same monitor the same way.
//
// The rule, for each monitor in the order the script creates them:
//   1. a name that refers to it when the first run() it takes part in starts, among the names that
//      run() sees (the module's names, then the local names of the function that calls run(); the
//      first one bound), e.g. `spikes`;
//   2. else the `name=` given at creation (not a pattern such as `name='mon*'`);
//   3. else a place in a list, tuple or dict held by such a name (up to 3 levels deep, first found),
//      e.g. `monitors[0]`, `by_layer['exc'][1]`;
//   4. else Brian2's automatic name (`spikemonitor`, `spikemonitor_1`, ...: the n-th monitor created
//      without a name, counted per kind, or per base of a pattern `name='mon*'`).
// A key already taken by a monitor with a better claim (rule 1 over 2 over 3 over 4, then the earlier one)
// gets `_2`, `_3`, ... appended. Names bound after the last run() (a loop variable of a plotting loop,
// an alias made for analysis) are not seen, so they never become keys. A script that never calls run()
// names its monitors by the module's names at its end.

import type { Value } from '../1-read/values.js';
import { isDimensionless } from '../units/dimension.js';

/** What one side knows about a monitor when choosing its key. */
export interface MonitorNaming {
  /** Rule 1: names bound to the monitor at its first run, first bound first. */
  names: string[];
  /** Rule 3: places in containers held by those names (`mons[0]`), in the same order. */
  paths: string[];
  /** Brian2's name: `name=` (rule 2) when `named`, else Brian2's automatic name (rule 4). */
  brian2Name: string;
  named: boolean;
}

/** Containers are searched this deep for rule 3 (`a[0][1]['x']` is three levels). */
export const PATH_DEPTH = 3;

/** One step of a rule-3 path: `[0]` for list/tuple positions and int keys, `['key']` for str keys. */
export function pathStep(key: number | string): string {
  return typeof key === 'number' ? `[${key}]` : `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

export function monitorKeys(monitors: readonly MonitorNaming[]): string[] {
  const wanted = monitors.map((m, order) => {
    if (m.names.length) return { key: m.names[0]!, rank: 0, order };
    if (m.named) return { key: m.brian2Name, rank: 1, order };
    if (m.paths.length) return { key: m.paths[0]!, rank: 2, order };
    return { key: m.brian2Name, rank: 3, order };
  });
  const keys: string[] = new Array(monitors.length);
  const taken = new Set<string>();
  // Better claims first, so that a script variable always keeps its own name.
  const byClaim = [...wanted].sort((a, b) => a.rank - b.rank || a.order - b.order);
  const losers: typeof wanted = [];
  for (const w of byClaim) {
    if (taken.has(w.key)) losers.push(w);
    else {
      taken.add(w.key);
      keys[w.order] = w.key;
    }
  }
  for (const w of losers.sort((a, b) => a.order - b.order)) {
    let k = 2;
    while (taken.has(`${w.key}_${k}`)) k++;
    keys[w.order] = `${w.key}_${k}`;
    taken.add(keys[w.order]!);
  }
  return keys;
}

// ---------------------------------------------------------------- the converter's side

type NamespaceValue = Value;

/** Rule-3 places of `target` inside `value` (list, tuple, dict), depth-first in item order. */
function pathsIn(value: NamespaceValue, target: unknown, prefix: string, depth: number, out: string[]): void {
  if (depth === 0) return;
  const visit = (item: NamespaceValue, step: string) => {
    if (item.t === 'object' && item.obj === target) out.push(prefix + step);
    else pathsIn(item, target, prefix + step, depth - 1, out);
  };
  if (value.t === 'list' || value.t === 'tuple') value.items.forEach((item, k) => visit(item, pathStep(k)));
  else if (value.t === 'dict') {
    value.keys.forEach((key, k) => {
      const step = key.t === 'str' ? pathStep(key.v) : key.t === 'num' && key.int && isDimensionless(key.dim) ? pathStep(key.v) : null;
      if (step !== null) visit(value.values[k]!, step);
    });
  }
}

/**
 * The naming of a monitor object created by the script: `namespace` is what the first run() it takes
 * part in sees (null when no run follows its creation), `brian2Name` the name the evaluator gave it,
 * `named` whether the script gave that name.
 */
export function namingIn(monitor: unknown, brian2Name: string, named: boolean, namespace: ReadonlyMap<string, NamespaceValue> | null): MonitorNaming {
  const names: string[] = [];
  const paths: string[] = [];
  for (const [name, value] of namespace ?? []) {
    if (value.t === 'object' && value.obj === monitor) names.push(name);
    else pathsIn(value, monitor, name, PATH_DEPTH, paths);
  }
  return { names, paths, brian2Name, named };
}
