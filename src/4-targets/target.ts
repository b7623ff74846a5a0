// What a backend is to the rest of the converter: one `Target` per folder of src/4-targets/, listed in
// registry.ts (the only place that knows the `--backend` names). The common pipeline (src/compile.ts)
// runs read → model → lower, then the target's own passes (`lower`: validate and transform the lowered
// model into what the target emits) and its emitter (`emit`: the project's files), all inside one
// crash guard. A Target is light (names and texts); its passes are loaded on first use by `load()`, so
// that `check` and the cpu path do not pay for loading another target's modules.

import type { ModelIR } from '../2-model/ir.js';
import type { LoweredModel } from '../3-lower/lowered.js';
import type { ProjectFiles } from '../4-emit/output.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceFile } from '../diagnostics/source.js';

/**
 * Lava's protocol for the cpu target's single network process (run.py's default; `python run.py
 * --protocol` picks the other). `async`: the process loops over the steps of a run() itself, so Lava's
 * per-step barrier (about 100 µs) is not paid; with one process there is nothing to keep in lockstep and Brian2's
 * schedule is unchanged. `loihi`: Lava drives every step (LoihiProtocol), as a network of several
 * Lava processes needs.
 */
export type LavaProtocol = 'async' | 'loihi';
export const LAVA_PROTOCOLS: readonly LavaProtocol[] = ['async', 'loihi'];

/** Options of the command line that only some targets take (see `Target.refuses`). */
export interface TargetOptions {
  /** --lava-protocol */
  protocol?: LavaProtocol;
}

/** Options of `run` passed on to the generated project. */
export interface RunOptions {
  /** `run --seed N`: the seed of the project's random generator, where the project draws at run time. */
  seed?: number;
}

/** What the target's passes start from: the common pipeline's output. */
export interface TargetInput {
  source: SourceFile;
  model: ModelIR;
  lowered: LoweredModel;
}

/** Where a Loihi 2 project says it ran (results.json `execution`). */
export interface RunExecution {
  mode: string;
  config: string;
  why?: string;
}

export interface Target {
  /** The `--backend` value. */
  readonly name: string;
  /** One line for help texts and docs. */
  readonly description: string;
  /** Fixed-point arithmetic: verify compares such runs in `fixed` mode by default. */
  readonly fixedPoint: boolean;
  /** Options this target does not take, each with the hint saying why. */
  readonly refuses: { readonly [K in keyof TargetOptions]?: string };
  /** Arguments of the generated project's `python run.py` for a run with these options. */
  runArgs(run: RunOptions): string[];
  /** How a run is described in summaries, from what results.json records about it. */
  describeRun(execution?: RunExecution): string;
  /** The target's passes and emitter (imported on first use). */
  load(): Promise<TargetPasses>;
}

/**
 * The target's part of the pipeline. `M` is the model the target emits from (cpu: the lowered model
 * itself; loihi2: the integer model of the fixed-point pass).
 */
export interface TargetPasses<M = unknown> {
  /** Validate and transform; refusals are located diagnostics (model null when there are errors). */
  lower(input: TargetInput, options: TargetOptions): { model: M | null; diagnostics: Diagnostic[] };
  /** The project's files (path → content). */
  emit(model: M, input: TargetInput, version: string, options: TargetOptions): ProjectFiles;
  /** `--explain`: what the target adds to the common explanation of the lowered model, if anything. */
  explain(model: M, input: TargetInput): string | null;
}
