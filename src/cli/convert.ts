// `brian2lava convert MODEL.py... -o DIR`: write the Lava project(s). With several models, DIR is the
// parent folder and each project goes to DIR/<model name>.

import path from 'node:path';
import { compile, hasErrors } from '../compile.js';
import { explain } from '../3-lower/explain.js';
import { OutputError, writeProject } from '../4-emit/output.js';
import { VERSION } from '../version.js';
import { diagnosticsJson, EXIT, Output, type OutputOptions } from './io.js';
import { defaultOutputDir, readModel, UsageError } from './load.js';

export interface ConvertOptions extends OutputOptions {
  output?: string;
  force?: boolean;
  emitIr?: boolean;
  explain?: boolean;
  backend?: string;
}

export function outputDirFor(model: string, options: { output?: string }, many: boolean): string {
  if (!options.output) return defaultOutputDir(model);
  return many ? path.join(options.output, path.parse(model).name) : options.output;
}

/** Convert one model; returns the exit code and, when written, the project folder. */
export function convertOne(file: string, options: ConvertOptions, out: Output, many = false): { code: number; dir: string | null } {
  const { path: p, text } = readModel(file);
  const result = compile(p, text, options.emitIr ? 'check' : 'emit');
  out.diagnostics(result);
  if (hasErrors(result)) {
    out.json({ model: p, ok: false, diagnostics: diagnosticsJson(result) });
    return { code: EXIT.rejected, dir: null };
  }
  if (options.emitIr) {
    process.stdout.write(JSON.stringify(result.model, null, 2) + '\n');
    return { code: EXIT.ok, dir: null };
  }
  if (options.explain && result.lowered) out.out(explain(result.lowered));
  const dir = outputDirFor(file, options, many);
  try {
    writeProject(dir, result.files!, { version: VERSION, source: path.resolve(file), sha256: result.model!.source.sha256, backend: options.backend ?? 'cpu', created: new Date().toISOString() }, { force: options.force, protect: [file] });
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    if (e.kind === 'refused') throw new UsageError(e.message, e.hint);
    out.error(e.message, e.hint);
    out.json({ model: p, ok: false, stage: 'write', error: e.message });
    return { code: EXIT.runtime, dir: null };
  }
  out.info(`wrote ${dir} (${result.files!.size + 1} files)`);
  out.json({ model: p, ok: true, output: path.resolve(dir), files: [...result.files!.keys()], diagnostics: diagnosticsJson(result) });
  return { code: EXIT.ok, dir };
}

export function convertCommand(files: string[], options: ConvertOptions, out: Output): number {
  let code: number = EXIT.ok;
  for (const f of files) {
    const r = convertOne(f, options, out, files.length > 1);
    code = Math.max(code, r.code);
  }
  return code;
}
