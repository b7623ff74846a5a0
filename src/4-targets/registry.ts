// The targets of this build, by `--backend` name: the only place that reads that option. A new target
// is one folder under src/4-targets/ exporting a `Target` (target.ts) and one line in TARGETS.

import { cpu } from './cpu/index.js';
import { loihi2, loihi2Sim } from './loihi2/index.js';
import type { Target, TargetOptions } from './target.js';

const TARGETS: readonly Target[] = [cpu, loihi2, loihi2Sim];

export const TARGET_NAMES: readonly string[] = TARGETS.map((t) => t.name);
export const DEFAULT_TARGET = cpu;

/** A `--backend` value that names no target of this build (the CLI reports it as a usage error). */
export class UnknownTarget extends Error {
  constructor(
    readonly backend: string,
    readonly hint: string,
  ) {
    super(`the backend '${backend}' is not available in this version`);
  }
}

/** The target for `--backend` (default cpu). */
export function targetFor(name: string | undefined): Target {
  const target = name === undefined ? DEFAULT_TARGET : TARGETS.find((t) => t.name === name);
  if (!target) throw new UnknownTarget(name!, `use --backend ${TARGET_NAMES.join(' or ')}`);
  return target;
}

/** The names of the targets that take an option (for the message refusing it elsewhere). */
export function targetsTaking(option: keyof TargetOptions): string[] {
  return TARGETS.filter((t) => t.refuses[option] === undefined).map((t) => t.name);
}
