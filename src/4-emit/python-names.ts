// Identifiers and literals for generated Python. Every name that reaches generated code passes through
// here; every string becomes an escaped literal; text from the script reaches comments and docstrings
// only through `comment`. Nothing from the input is pasted into code unchecked.
//
// `pyIdent` is injective, so two different model names never become the same Python name:
// - a valid identifier that is safe is kept as it is (`v`, `tau_m`), so the code reads like the model;
// - a valid identifier that would clash with Python or with names the generated code uses itself
//   (keywords and soft keywords, builtins such as `len`, `self`, the `_np`/`_idx`/`_K` helpers, the
//   methods of a group class) gets a trailing underscore: `len` → `len_`. Names that already end in `_`
//   get one more (`v_` → `v__`), which keeps the mapping one-to-one;
// - anything else (characters Python does not allow, a leading digit, a leading `__`, which Python
//   would mangle inside class bodies) becomes `__b2l_<hex of its UTF-8 bytes>__`, a form the first two
//   rules never produce. The front end refuses such names, so this is a last line of defence.

const KEYWORDS = [
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
];

/** Soft keywords: valid names, but confusing in generated code and keywords in some positions. */
const SOFT_KEYWORDS = ['match', 'case', 'type'];

/** Python's builtins (functions, types, constants): generated code may call them unqualified. */
const BUILTINS = [
  'Ellipsis',
  'NotImplemented',
  'abs',
  'aiter',
  'all',
  'anext',
  'any',
  'ascii',
  'bin',
  'bool',
  'breakpoint',
  'bytearray',
  'bytes',
  'callable',
  'chr',
  'classmethod',
  'compile',
  'complex',
  'copyright',
  'credits',
  'delattr',
  'dict',
  'dir',
  'divmod',
  'enumerate',
  'eval',
  'exec',
  'exit',
  'filter',
  'float',
  'format',
  'frozenset',
  'getattr',
  'globals',
  'hasattr',
  'hash',
  'help',
  'hex',
  'id',
  'input',
  'int',
  'isinstance',
  'issubclass',
  'iter',
  'len',
  'license',
  'list',
  'locals',
  'map',
  'max',
  'memoryview',
  'min',
  'next',
  'object',
  'oct',
  'open',
  'ord',
  'pow',
  'print',
  'property',
  'quit',
  'range',
  'repr',
  'reversed',
  'round',
  'set',
  'setattr',
  'slice',
  'sorted',
  'staticmethod',
  'str',
  'sum',
  'super',
  'tuple',
  'vars',
  'zip',
];

/**
 * Names the generated code itself uses where model names live: method-local helpers of the bodies
 * (body.ts, group-view.ts, simulation-view.ts, and for networks synaptic-body.ts, connect-code.ts,
 * input-views.ts), module-level imports of the engine modules, and the attributes and methods of a
 * group class (group.py.njk) or a Synapses class (synapses-view.ts), on which model variables are
 * attributes too. Constants of the script may start with `_` (Brian2 accepts them), hence the helpers.
 * Brian2's special names (t, dt, i, j, N, N_incoming, ...) are not here: the script cannot define them,
 * and the bodies bind them under those very names.
 */
const GENERATED = [
  'self',
  '_np',
  '_rt',
  '_syn',
  '_idx',
  '_K',
  '_rng',
  '_n',
  '_cond',
  '_A',
  '_Phi',
  '_sim',
  '_data',
  '_DATA',
  '_exprel',
  '_int',
  '_propagator',
  '_timestep',
  '_shaped',
  'spikes',
  'start_segment',
  'update',
  'threshold',
  'reset',
  'before_start',
  // synapses and inputs: object attributes, class constants, locals of synaptic and connect() code
  'N_PRE',
  'N_POST',
  '_src',
  '_tgt',
  '_pre',
  '_post',
  '_g',
  '_dirty',
  '_grow',
  '_pre_idx',
  '_post_idx',
  '_m',
  '_k',
  '_synaptic_var',
  '_chosen',
  '_n_syn',
  '_keep',
  '_p',
  '_found_i',
  '_found_j',
  '_low',
  '_high',
  '_step',
  '_size',
  '_pos',
  '_valid',
];

/**
 * Name patterns of generated methods, locals and attributes (`run_regularly_0`, `sample_<monitor>`,
 * `_ta_<TimedArray>`, a pathway's `_delay_<name>` and `_queue_<name>`).
 */
const GENERATED_PATTERNS = [/^run_regularly_\d+$/, /^sample_/, /^_ta_/, /^_delay_/, /^_queue_/, /^_draw\d+$/];

const RESERVED = new Set([...KEYWORDS, ...SOFT_KEYWORDS, ...BUILTINS, ...GENERATED]);
const PY_KEYWORDS = new Set(KEYWORDS);
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function reserved(name: string): boolean {
  return RESERVED.has(name) || GENERATED_PATTERNS.some((p) => p.test(name));
}

/** A valid, unclashing Python identifier for `name` (injective: different names stay different). */
export function pyIdent(name: string): string {
  if (IDENT.test(name) && !name.startsWith('__')) return reserved(name) || name.endsWith('_') ? `${name}_` : name;
  return `__b2l_${Buffer.from(name, 'utf8').toString('hex')}__`;
}

/** Whether `name` is usable as a Python identifier as it is (Python's rules for ASCII names, not a keyword). */
export function isPyIdent(name: string): boolean {
  return IDENT.test(name) && !PY_KEYWORDS.has(name);
}

/** A Python string literal holding exactly `s` (quotes, backslashes, line breaks and controls escaped). */
export function pyStr(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    // Line and paragraph separators (some tools break lines there) and lone surrogates (not encodable
    // as UTF-8) are written as escapes.
    else if (c === 0x2028 || c === 0x2029 || (c >= 0xd800 && c <= 0xdfff)) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + "'";
}

/**
 * Text safe inside a `#` comment and inside a `"""` docstring, wherever it is placed: one line, no
 * backslashes (escapes in docstrings), no double quotes (which could close the docstring next to its
 * own quotes), no control characters.
 */
export function comment(s: string): string {
  return s
    .replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')
    .replace(/\\/g, '/')
    .replace(/"/g, "'")
    .replace(/[\x00-\x1f\x7f-\x9f]/g, ' ')
    .replace(/[\ud800-\udfff]/g, (ch, k: number, all: string) => {
      // keep well-formed surrogate pairs, replace lone halves
      const code = ch.charCodeAt(0);
      if (code < 0xdc00) return k + 1 < all.length && /[\udc00-\udfff]/.test(all[k + 1]!) ? ch : '?';
      return k > 0 && /[\ud800-\udbff]/.test(all[k - 1]!) ? ch : '?';
    });
}

/** CamelCase class name from an identifier. */
export function className(name: string): string {
  const c = name
    .replace(/[^A-Za-z0-9_]/g, '_')
    .split('_')
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join('');
  return pyIdent(/^[A-Za-z]/.test(c) ? c : `Group${c}`);
}

/** Unique names within one namespace (optionally compared without case, for file names). */
export class NameAllocator {
  private readonly used = new Set<string>();
  constructor(
    reserved: Iterable<string> = [],
    private readonly caseless = false,
  ) {
    for (const r of reserved) this.used.add(this.key(r));
  }

  private key(n: string): string {
    return this.caseless ? n.toLowerCase() : n;
  }

  /** A free name derived from `base`; with `suffixes`, `name + suffix` is free and taken too. */
  take(base: string, suffixes: string[] = []): string {
    const free = (n: string) => !this.used.has(this.key(n)) && suffixes.every((s) => !this.used.has(this.key(n + s)));
    let n = pyIdent(base);
    for (let k = 2; !free(n); k++) n = pyIdent(`${base}_${k}`);
    this.used.add(this.key(n));
    for (const s of suffixes) this.used.add(this.key(n + s));
    return n;
  }
}
