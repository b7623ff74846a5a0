// A source text with its line table, so offsets turn into line/column pairs for messages and code frames.
// Spans inside Brian2 strings are mapped back to offsets in the script before they reach a SourceFile.

export interface Span {
  file: string;
  /** Offsets into the file's text, end exclusive. */
  start: number;
  end: number;
  /** 1-based, of `start`. */
  line: number;
  col: number;
}

export class SourceFile {
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  position(offset: number): { line: number; col: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: o - this.lineStarts[lo]! + 1 };
  }

  span(start: number, end: number = start + 1): Span {
    const { line, col } = this.position(start);
    return { file: this.path, start, end: Math.max(end, start), line, col };
  }

  lineText(line: number): string {
    const s = this.lineStarts[line - 1];
    if (s === undefined) return '';
    const e = this.lineStarts[line] ?? this.text.length + 1;
    return this.text.slice(s, e - 1).replace(/\r$/, '');
  }
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return a.start <= b.start ? { ...a, end: Math.max(a.end, b.end) } : { ...b, end: Math.max(a.end, b.end) };
}
