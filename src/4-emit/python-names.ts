// Identifiers and literals for generated Python. Every name that reaches generated code passes through
// here: it is made a valid, non-keyword identifier; every string becomes an escaped literal. Text from
// the script never reaches the generated code otherwise (comments go through `comment`).

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'match', 'case', 'type',
]);

/** A valid Python identifier derived from `name` (invalid characters become '_'). */
export function pyIdent(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_]/g, '_');
  if (!s || /^[0-9]/.test(s)) s = `_${s}`;
  if (KEYWORDS.has(s)) s = `${s}_`;
  return s;
}

export function isPyIdent(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name);
}

/** A Python string literal holding exactly `s`. */
export function pyStr(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) out += c > 0xff ? `\\u${c.toString(16).padStart(4, '0')}` : `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + "'";
}

/** Text safe inside a `#` comment or a docstring line: one line, no triple quotes, no backslashes. */
export function comment(s: string): string {
  return s.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/\\/g, '/').replace(/"""|'''/g, '"').replace(/[\x00-\x1f\x7f]/g, ' ');
}

/** CamelCase class name from an identifier. */
export function className(name: string): string {
  const c = pyIdent(name)
    .split('_')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  return pyIdent(c || 'Group');
}

/** Unique names within one namespace. */
export class NameAllocator {
  private readonly used = new Set<string>();
  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }
  take(base: string): string {
    let n = pyIdent(base);
    for (let k = 2; this.used.has(n); k++) n = `${pyIdent(base)}_${k}`;
    this.used.add(n);
    return n;
  }
}
