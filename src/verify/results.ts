// Reading brian2lava-results/1 files. Python's json module writes NaN and ±Infinity as bare tokens
// (a diverging model produces them), which JSON.parse refuses: they are turned into numbers here.

import { readFileSync } from 'node:fs';
import { checkResults, type ResultsData } from './compare.js';

const SENTINEL = '\u0000b2l:';

/** JSON.parse that also accepts Python's NaN, Infinity and -Infinity outside strings. */
export function parsePythonJson(text: string): unknown {
  if (!text.includes('NaN') && !text.includes('Infinity')) return JSON.parse(text);
  let out = '';
  let k = 0;
  let last = 0;
  while (k < text.length) {
    const c = text[k]!;
    if (c === '"') {
      // skip the string, honouring escapes
      k++;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
      k++;
      continue;
    }
    const m = c === 'N' || c === 'I' || c === '-' ? /^(-?Infinity|NaN)/.exec(text.slice(k, k + 9)) : null;
    if (m) {
      out += text.slice(last, k) + JSON.stringify(SENTINEL + m[1]);
      k += m[1]!.length;
      last = k;
      continue;
    }
    k++;
  }
  out += text.slice(last);
  return JSON.parse(out, (_key, value: unknown) => {
    if (typeof value === 'string' && value.startsWith(SENTINEL)) return Number(value.slice(SENTINEL.length));
    return value;
  });
}

export function readResults(file: string): ResultsData {
  return checkResults(parsePythonJson(readFileSync(file, 'utf8')), file);
}

/** JSON.stringify that writes NaN and ±Infinity as Python's json module does (bare tokens). */
export function stringifyPythonJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, x: unknown) =>
    typeof x === 'number' && !Number.isFinite(x) ? SENTINEL + (Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity') : x,
  );
  return text.replace(/"\\u0000b2l:(NaN|-?Infinity)"/g, '$1');
}
