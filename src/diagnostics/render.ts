// Rendering of diagnostics for a terminal: `file:line:col: error: message`, a code frame with a caret
// under the span, and the hint. Colour comes from chalk, which honours NO_COLOR and non-TTY output.

import chalk from 'chalk';
import type { Diagnostic } from './diagnostic.js';
import type { SourceFile } from './source.js';

export function codeFrame(src: SourceFile, start: number, end: number, context = 1): string {
  const { line, col } = src.position(start);
  const endPos = src.position(Math.max(start, end - 1));
  const first = Math.max(1, line - context);
  const last = Math.min(src.lineCount, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const text = src.lineText(n).replace(/\t/g, ' ');
    const mark = n === line ? '>' : ' ';
    out.push(`${mark} ${String(n).padStart(width)} | ${text}`);
    if (n === line) {
      const stop = endPos.line === line ? endPos.col : text.length;
      const len = Math.max(1, stop - col + 1);
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(col - 1)}${chalk.red('^'.repeat(len))}`);
    }
  }
  return out.join('\n');
}

export function renderDiagnostic(d: Diagnostic, sources: Map<string, SourceFile>): string {
  const colour = d.severity === 'error' ? chalk.red : d.severity === 'warning' ? chalk.yellow : chalk.cyan;
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : '';
  const lines = [`${chalk.bold(where)}${colour(d.severity)}[${d.code}]: ${d.message}`];
  const src = d.span ? sources.get(d.span.file) : undefined;
  if (d.span && src) lines.push(codeFrame(src, d.span.start, d.span.end));
  if (d.hint) lines.push(`  ${chalk.green('hint')}: ${d.hint}`);
  return lines.join('\n');
}

/** Plain object for --json output. */
export function diagnosticJson(d: Diagnostic) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    hint: d.hint || null,
    file: d.span?.file ?? null,
    line: d.span?.line ?? null,
    col: d.span?.col ?? null,
    /** Offsets of the span in the file (end exclusive), for editors and CI annotations. */
    start: d.span?.start ?? null,
    end: d.span?.end ?? null,
  };
}
