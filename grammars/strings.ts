// Decoding of Python string literals. Besides the value, every character gets the offset in the file it
// came from, so an error inside a Brian2 equation string can point at the exact place in the script.

export interface DecodedString {
  value: string;
  /** offsets[k] is the file offset of value[k]; one extra entry marks the end. */
  offsets: number[];
  bytes: boolean;
  formatted: boolean;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** Decode one literal token (with prefix and quotes) that starts at `base` in the file. */
export function decodeStringLiteral(image: string, base: number): DecodedString {
  const prefix = /^[rRbBuUfF]*/.exec(image)![0].toLowerCase();
  const raw = prefix.includes('r');
  const bytes = prefix.includes('b');
  const formatted = prefix.includes('f');
  const rest = image.slice(prefix.length);
  const quoteLen = rest.startsWith("'''") || rest.startsWith('"""') ? 3 : 1;
  const bodyStart = prefix.length + quoteLen;
  const body = image.slice(bodyStart, image.length - quoteLen);
  let value = '';
  const offsets: number[] = [];
  for (let k = 0; k < body.length; k++) {
    const at = base + bodyStart + k;
    const ch = body[k]!;
    if (ch !== '\\' || k + 1 >= body.length) {
      value += ch;
      offsets.push(at);
      continue;
    }
    const next = body[k + 1]!;
    if (raw) {
      // Raw strings keep the backslash; it only protects a following quote.
      value += ch + next;
      offsets.push(at, at + 1);
      k++;
      continue;
    }
    if (next === '\n') {
      k++;
      continue;
    }
    if (next in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[next];
      offsets.push(at);
      k++;
      continue;
    }
    const hex = next === 'x' ? 2 : next === 'u' && !bytes ? 4 : next === 'U' && !bytes ? 8 : 0;
    if (hex) {
      const digits = body.slice(k + 2, k + 2 + hex);
      if (/^[0-9a-fA-F]+$/.test(digits) && digits.length === hex) {
        value += String.fromCodePoint(parseInt(digits, 16));
        offsets.push(at);
        k += 1 + hex;
        continue;
      }
    }
    const oct = /^[0-7]{1,3}/.exec(body.slice(k + 1));
    if (oct) {
      value += String.fromCharCode(parseInt(oct[0], 8));
      offsets.push(at);
      k += oct[0].length;
      continue;
    }
    // Unknown escapes keep the backslash, as Python does.
    value += ch;
    offsets.push(at);
  }
  offsets.push(base + image.length - quoteLen);
  return { value, offsets, bytes, formatted };
}

/** Concatenate adjacent literals (`'a' 'b'`), keeping the offset map. */
export function concatStrings(parts: DecodedString[]): DecodedString {
  let value = '';
  const offsets: number[] = [];
  for (const p of parts) {
    value += p.value;
    offsets.push(...p.offsets.slice(0, p.value.length));
  }
  const last = parts[parts.length - 1];
  offsets.push(last ? last.offsets[last.offsets.length - 1]! : 0);
  return {
    value,
    offsets,
    bytes: parts.some((p) => p.bytes),
    formatted: parts.some((p) => p.formatted),
  };
}
