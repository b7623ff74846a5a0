// Terminal and machine output of the CLI: diagnostics with code frames, JSON lines, quiet/verbose,
// and the documented exit codes.
//
// Streams: results go to stdout (a table, a summary; with --json one JSON object per model instead);
// progress, notes and errors go to stderr, so `--json` output can be piped as is. --quiet keeps only
// errors; --verbose adds the Python side's output; colours are off with NO_COLOR, --no-color, --json
// or when stderr is not a terminal (chalk's own detection).

import path from 'node:path';
import chalk from 'chalk';
import type { CompileResult } from '../compile.js';
import { diagnosticJson, renderDiagnostic } from '../diagnostics/render.js';
import type { SourceFile } from '../diagnostics/source.js';

/**
 * 0 ok; 1 a model was rejected, or (verify) does not conform; 2 usage (bad arguments, unreadable file,
 * foreign output folder); 3 runtime failure (Python environment, Lava or Brian2 run failed);
 * 130 interrupted by Ctrl-C, 143 ended by SIGTERM, 129 by SIGHUP (partial results kept; 128 + the
 * signal's number, as shells report it). With several models, the largest code wins.
 */
export const EXIT = { ok: 0, rejected: 1, usage: 2, runtime: 3, hangup: 129, interrupted: 130, terminated: 143 } as const;

/** The exit code for a run ended by a signal given to brian2lava. */
export function signalExit(signal: NodeJS.Signals | null | undefined): number {
  return signal === 'SIGHUP' ? EXIT.hangup : signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
}

/** Whether brian2lava was stopped by a signal: the models after this one are skipped. */
export function stoppedBySignal(code: number): boolean {
  return code === EXIT.hangup || code === EXIT.interrupted || code === EXIT.terminated;
}

/** A path as the user would type it: relative when below the current folder, else absolute. */
export function shownPath(p: string): string {
  const rel = path.relative(process.cwd(), path.resolve(p));
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(p);
}

export function worst(a: number, b: number): number {
  return Math.max(a, b);
}

export interface OutputOptions {
  json?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
}

export function configureColor(o: OutputOptions): void {
  if (process.env.NO_COLOR !== undefined || o.color === false || o.json) chalk.level = 0;
}

export class Output {
  constructor(readonly o: OutputOptions) {}

  /** Human-readable line on stderr (progress, notes, summaries when --json owns stdout). */
  info(line: string): void {
    if (this.o.quiet || this.o.json) return;
    process.stderr.write(line + '\n');
  }

  /** Result line on stdout (not with --json, which prints JSON instead, nor with --quiet). */
  out(line: string): void {
    if (this.o.json || this.o.quiet) return;
    process.stdout.write(line + '\n');
  }

  warn(message: string, hint?: string): void {
    if (this.o.quiet) return;
    process.stderr.write(`${chalk.yellow('warning')}: ${message}\n`);
    if (hint) process.stderr.write(`  ${chalk.green('hint')}: ${hint}\n`);
  }

  verbose(line: string): void {
    if (this.o.verbose && !this.o.json) process.stderr.write(chalk.dim(line) + '\n');
  }

  json(value: unknown): void {
    if (this.o.json) process.stdout.write(JSON.stringify(value) + '\n');
  }

  /** Errors always reach stderr, also with --json and --quiet (stdout stays machine-readable). */
  error(message: string, hint?: string): void {
    process.stderr.write(`${chalk.red('error')}: ${message}\n`);
    if (hint) process.stderr.write(`  ${chalk.green('hint')}: ${hint}\n`);
  }

  diagnostics(r: CompileResult): void {
    if (this.o.json) return;
    const sources = new Map<string, SourceFile>([[r.source.path, r.source]]);
    for (const d of r.diagnostics) {
      if (d.severity !== 'error' && this.o.quiet) continue;
      process.stderr.write(renderDiagnostic(d, sources) + '\n');
    }
  }
}

export function diagnosticsJson(r: CompileResult) {
  return r.diagnostics.map(diagnosticJson);
}
