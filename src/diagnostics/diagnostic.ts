// Diagnostics are data: a code from the message table, the located span and the filled-in text.
// Phases collect them; the CLI renders them. A CompileError carries one or more errors out of a phase.

import { fill, MESSAGES, type MessageCode } from './messages.js';
import type { Span } from './source.js';

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  code: MessageCode;
  severity: Severity;
  message: string;
  hint: string;
  span: Span | null;
}

export function diagnostic(code: MessageCode, span: Span | null, params: Record<string, string | number> = {}, severity: Severity = 'error'): Diagnostic {
  const entry = MESSAGES[code];
  return { code, severity, span, message: fill(entry.message, params), hint: fill(entry.hint, params) };
}

export class CompileError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => d.message).join('; '));
    this.diagnostics = list;
  }
}

/**
 * Diagnostics in the order of the script (unlocated ones last), so output reads top to bottom, each once
 * (a statement in a loop can fail the same way on every iteration).
 */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => (d.span ? d.span.start : Number.MAX_SAFE_INTEGER);
  const seen = new Set<string>();
  const unique = list.filter((d) => {
    const id = `${d.severity}|${d.code}|${d.span?.start}|${d.span?.end}|${d.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique
    .map((d, k) => ({ d, k }))
    .sort((a, b) => key(a.d) - key(b.d) || a.k - b.k)
    .map((x) => x.d);
}

/** Raise a single located error. */
export function fail(code: MessageCode, span: Span | null, params: Record<string, string | number> = {}): never {
  throw new CompileError(diagnostic(code, span, params));
}

/** Closest candidate by edit distance, for "did you mean" hints; null when nothing is close. */
export function closest(name: string, candidates: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

export function didYouMean(name: string, candidates: Iterable<string>, otherwise: string): string {
  const c = closest(name, candidates);
  return c ? `did you mean '${c}'?` : otherwise;
}
