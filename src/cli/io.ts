// Terminal and machine output of the CLI: diagnostics with code frames, JSON lines, quiet/verbose,
// and the documented exit codes.

import chalk from 'chalk';
import type { CompileResult } from '../compile.js';
import { diagnosticJson, renderDiagnostic } from '../diagnostics/render.js';
import type { SourceFile } from '../diagnostics/source.js';

export const EXIT = { ok: 0, rejected: 1, usage: 2, runtime: 3 } as const;

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

  /** Result line on stdout. */
  out(line: string): void {
    if (this.o.json) return;
    process.stdout.write(line + '\n');
  }

  verbose(line: string): void {
    if (this.o.verbose && !this.o.json) process.stderr.write(chalk.dim(line) + '\n');
  }

  json(value: unknown): void {
    if (this.o.json) process.stdout.write(JSON.stringify(value) + '\n');
  }

  error(message: string, hint?: string): void {
    if (this.o.json) return;
    process.stderr.write(`${chalk.red('error')}: ${message}\n`);
    if (hint) process.stderr.write(`  ${chalk.green('hint')}: ${hint}\n`);
  }

  diagnostics(r: CompileResult): void {
    if (this.o.json) return;
    const sources = new Map<string, SourceFile>([[r.source.path, r.source]]);
    for (const d of r.diagnostics) {
      if (d.severity === 'note' && this.o.quiet) continue;
      process.stderr.write(renderDiagnostic(d, sources) + '\n');
    }
  }
}

export function diagnosticsJson(r: CompileResult) {
  return r.diagnostics.map(diagnosticJson);
}
