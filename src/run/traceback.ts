// Python tracebacks of a failed run, summarised for the user: the exception, the generated line that
// raised it, and the line of the model script it came from. Generated code carries `# line N: ...`
// markers (every method of a group, Synapses or input object and every initialisation starts with one,
// see src/4-targets/cpu/markers.ts); the innermost frame in the project's generated code is mapped to the
// nearest marker above it in the same function.

import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PythonFrame {
  file: string;
  line: number;
  func: string;
}

export interface ErrorSummary {
  type: string;
  message: string;
  /** The generated line that raised, relative to the project (`engine/g.py:40: v[...] = ...`). */
  where: string | null;
  /** The model script's line the failing code comes from, with its text as the marker holds it. */
  modelLine: number | null;
  modelText: string | null;
}

const FRAME = /^\s*File "(.+)", line (\d+), in (.+)$/;

/** The frames and the final `Type: message` of the last traceback in `text`. */
export function parseTraceback(text: string): { frames: PythonFrame[]; type: string; message: string } | null {
  const lines = text.split(/\r?\n/);
  const start = lines.map((l) => l.trim()).lastIndexOf('Traceback (most recent call last):');
  if (start < 0) return null;
  const frames: PythonFrame[] = [];
  let k = start + 1;
  for (; k < lines.length; k++) {
    const m = FRAME.exec(lines[k]!);
    if (m) frames.push({ file: m[1]!, line: Number(m[2]), func: m[3]! });
    else if (/^\S/.test(lines[k]!)) break;
  }
  const last = lines.slice(k).find((l) => /^[A-Za-z_][\w.]*(:|$)/.test(l));
  if (!last) return null;
  const colon = last.indexOf(':');
  return colon < 0 ? { frames, type: last.trim(), message: '' } : { frames, type: last.slice(0, colon).trim(), message: last.slice(colon + 1).trim() };
}

/** The `# line N: text` marker that governs line `line` (1-based) of a generated file, if any. */
export function markerAbove(source: string, line: number): { line: number; text: string } | null {
  const lines = source.split('\n');
  for (let k = Math.min(line, lines.length) - 1; k >= 0; k--) {
    const l = lines[k]!;
    const m = /^\s*# line (\d+): ?(.*)$/.exec(l);
    if (m) return { line: Number(m[1]), text: m[2]! };
    // The marker must be in the same function (or the same initialisation block).
    if (/^\s*(def|class) /.test(l)) return null;
  }
  return null;
}

/** Summarise a traceback of a run of the project in `projectDir`. */
export function summariseTraceback(projectDir: string, text: string): ErrorSummary | null {
  const tb = parseTraceback(text);
  if (!tb) return null;
  const root = path.resolve(projectDir);
  const generated = tb.frames.filter((f) => {
    // Python names frames of the project by absolute path; relative names are compiled modules.
    if (!path.isAbsolute(f.file)) return false;
    const rel = path.relative(root, f.file).split(path.sep).join('/');
    return (rel.startsWith('engine/') || rel.startsWith('lava_network/') || rel === 'run.py') && rel !== 'engine/runtime.py';
  });
  const frame = generated[generated.length - 1];
  const out: ErrorSummary = { type: tb.type, message: tb.message, where: null, modelLine: null, modelText: null };
  if (!frame) return out;
  let source = '';
  try {
    source = readFileSync(path.resolve(root, frame.file), 'utf8');
  } catch {
    return out;
  }
  const rel = path.relative(root, path.resolve(root, frame.file)).split(path.sep).join('/');
  out.where = `${rel}:${frame.line}: ${(source.split('\n')[frame.line - 1] ?? '').trim()}`;
  const marker = markerAbove(source, frame.line);
  if (marker) {
    out.modelLine = marker.line;
    out.modelText = marker.text;
  }
  return out;
}
