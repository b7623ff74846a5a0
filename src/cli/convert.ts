// `brian2lava convert MODEL.py... -o DIR`: write the Lava project(s). With several models, DIR is the
// parent folder and each project goes to DIR/<model name>. A model that cannot be read or written is
// reported and the others are still converted; the exit code is the worst of all (see io.ts).

import path from 'node:path';
import type { ModelIR } from '../2-model/ir.js';
import { compile, hasErrors } from '../compile.js';
import { estimateResources, sizeDiagnostic } from '../run/resources.js';
import { explain } from '../3-lower/explain.js';
import { OutputError, writeProject } from '../4-emit/output.js';
import { targetFor, targetsTaking } from '../4-targets/registry.js';
import type { LavaProtocol } from '../4-targets/target.js';
import { VERSION } from '../version.js';
import { diagnosticsJson, EXIT, type Output, worst, type OutputOptions } from './io.js';
import { defaultOutputDir, readModel, UsageError } from './load.js';

export interface ConvertOptions extends OutputOptions {
  output?: string;
  force?: boolean;
  emitIr?: boolean;
  explain?: boolean;
  backend?: string;
  /** Convert and run even when the resource estimate exceeds the available memory. */
  forceSize?: boolean;
  /** Lava protocol of the cpu backend's network process (see 4-targets/target.ts); default async. */
  lavaProtocol?: LavaProtocol;
}

/**
 * The project folder of `model`: `<DIR>/<name>/` with `-o DIR` (one or several models alike), else
 * `<name>_lava/` beside the model.
 */
export function outputDirFor(model: string, options: { output?: string }): string {
  if (!options.output) return defaultOutputDir(model);
  return path.join(options.output, path.parse(model).name);
}

/** Every model's project folder; two models that would share one are refused before anything is written. */
export function checkOutputDirs(files: string[], options: { output?: string }): void {
  const seen = new Map<string, string>();
  for (const f of files) {
    const dir = path.resolve(outputDirFor(f, options));
    const other = seen.get(dir);
    if (other !== undefined && path.resolve(other) !== path.resolve(f)) {
      throw new UsageError(
        `${other} and ${f} would both be written to ${outputDirFor(f, options)}`,
        'give the scripts different file names, or convert them in separate calls with different -o folders',
      );
    }
    if (other !== undefined) throw new UsageError(`${f} is given twice`, 'give each model once');
    seen.set(dir, f);
  }
}

export interface Converted {
  code: number;
  /** The project folder, when written. */
  dir: string | null;
  model: ModelIR | null;
  /** The JSON object describing this conversion (printed by `convert --json`). */
  json: Record<string, unknown>;
  /** Time step of the model (for progress display), when converted. */
  dt?: number;
}

/** Convert one model. Usage problems (unreadable file, foreign output folder) come back as exit 2. */
export async function convertOne(file: string, options: ConvertOptions, out: Output): Promise<Converted> {
  let source;
  try {
    source = readModel(file);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    out.error(e.message, e.hint);
    return { code: EXIT.usage, dir: null, model: null, json: { model: file, ok: false, stage: 'read', error: e.message, diagnostics: [] } };
  }
  const { path: p, text } = source;
  const stage = options.emitIr ? 'check' : 'emit';
  // A target's passes are loaded only when it is used: the fixed-point pipeline of the Loihi 2 backend
  // takes 30-50 ms to load, a tenth of a whole cpu conversion (see bench/RESULTS.md).
  const target = targetFor(options.backend);
  const passes = await target.load();
  // Too large for this machine: refused once the model is built, before lowering and emitting (which
  // may build per-neuron and per-synapse arrays).
  const guard = options.forceSize || options.emitIr ? undefined : (m: ModelIR) => sizeDiagnostic(estimateResources(m));
  const result = compile(p, text, stage, { protocol: options.lavaProtocol, passes, guard });
  out.diagnostics(result);
  if (hasErrors(result)) {
    return {
      code: EXIT.rejected,
      dir: null,
      model: result.model,
      json: { model: p, ok: false, stage: 'convert', error: 'the model was rejected', diagnostics: diagnosticsJson(result) },
    };
  }
  if (options.emitIr) {
    process.stdout.write(JSON.stringify(result.model, null, 2) + '\n');
    return { code: EXIT.ok, dir: null, model: result.model, json: { model: p, ok: true, diagnostics: diagnosticsJson(result) } };
  }
  // asked for explicitly: printed also with --quiet (not with --json, which owns stdout)
  if (options.explain && result.lowered && !options.json) {
    process.stdout.write(explain(result.lowered) + '\n');
    const more = result.target === null ? null : passes.explain(result.target, { source: result.source, model: result.model!, lowered: result.lowered });
    if (more !== null) process.stdout.write(more + '\n');
  }
  const dir = outputDirFor(file, options);
  try {
    writeProject(
      dir,
      result.files!,
      {
        version: VERSION,
        source: path.resolve(file),
        sha256: result.model!.source.sha256,
        backend: target.name,
        created: new Date().toISOString(),
        random: result.model!.random,
      },
      { force: options.force, source: path.resolve(file), protect: [file] },
    );
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    // A folder that is not ours to replace is a usage error (2); a failing file system a runtime one (3).
    out.error(e.message, e.hint);
    const code = e.kind === 'refused' ? EXIT.usage : EXIT.runtime;
    return { code, dir: null, model: result.model, json: { model: p, ok: false, stage: 'write', error: e.message, diagnostics: diagnosticsJson(result) } };
  }
  out.info(`wrote ${dir} (${result.files!.size + 1} files)`);
  return {
    code: EXIT.ok,
    dir,
    model: result.model,
    json: { model: p, ok: true, output: path.resolve(dir), files: [...result.files!.keys()], diagnostics: diagnosticsJson(result) },
    dt: result.lowered?.dt,
  };
}

/** `--lava-protocol` chooses how the cpu backend's single process runs; targets that do not take it say why (Target.refuses). */
export function checkProtocol(options: ConvertOptions): void {
  const why = targetFor(options.backend).refuses.protocol;
  if (options.lavaProtocol && why !== undefined) {
    throw new UsageError(`--lava-protocol applies to the ${targetsTaking('protocol').join(' or ')} backend, not to --backend ${options.backend}`, why);
  }
}

export async function convertCommand(files: string[], options: ConvertOptions, out: Output): Promise<number> {
  checkProtocol(options);
  if (!options.emitIr) checkOutputDirs(files, options);
  let code: number = EXIT.ok;
  for (const f of files) {
    const r = await convertOne(f, options, out);
    if (!options.emitIr) out.json({ command: 'convert', ...r.json });
    code = worst(code, r.code);
  }
  return code;
}
