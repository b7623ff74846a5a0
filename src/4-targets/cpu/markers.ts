// `# line N: text` markers. Every generated method (of groups, synapses and inputs) and every
// initialisation in simulation.py starts with one naming the line of the script it comes from;
// src/run/traceback.ts maps a Python error to the nearest marker above the failing line.

import type { SourceFile } from '../../diagnostics/source.js';
import { comment } from '../../4-emit/python-names.js';

/** The marker for script line `line`, with `text` made safe for a comment (at most 100 characters). */
export function marker(line: number, text: string): string {
  // cut at 100 characters, then without trailing blanks (no trailing whitespace in generated code)
  return `# line ${line}: ${comment(text).slice(0, 100).trimEnd()}`;
}

/** The marker for the script line where `span` starts, with that whole line as its text. */
export function lineMarker(source: SourceFile, span: { start: number }): string {
  const line = source.position(span.start).line;
  return marker(line, source.lineText(line).trim());
}

/** Methods with the marker of their origin as first line (`origin` per method, or one for all). */
export function marked<M extends { lines: string[] }>(methods: M[], origin: (m: M) => string): M[] {
  return methods.map((m) => ({ ...m, lines: [origin(m), ...m.lines] }));
}
