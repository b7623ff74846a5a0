// Random and mutated model scripts for the property tests of the front end. Mutations work on a rough
// token split of real scripts (the fixtures), so most results are "almost right" scripts: one token
// missing, doubled, swapped or replaced, a damaged equation string, a random expression or a random
// equation block. The generators only build text; the test decides what must hold for it.

import fc from 'fast-check';

/** Rough Python tokens: whitespace, comments, strings (also triple-quoted), numbers, names, operators. */
const TOKEN =
  /\s+|#[^\n]*|'''[\s\S]*?'''|"""[\s\S]*?"""|'[^'\n]*'|"[^"\n]*"|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|[A-Za-z_]\w*|\*\*=?|\/\/=?|[-+*/%<>=!&|^]=|->|[^\s]/g;

export function roughTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const isSpace = (t: string) => /^\s/.test(t) || t.startsWith('#');
const isString = (t: string) => /^['"]/.test(t);

const NAMES = [
  'v',
  'w',
  'x',
  'I',
  'tau',
  'tau_m',
  'E_L',
  'V_th',
  'G',
  'P',
  'N',
  'k',
  'i',
  'j',
  't',
  'dt',
  'xi',
  'eqs',
  'mon',
  'ms',
  'mV',
  'nA',
  'pF',
  'nS',
  'Hz',
  'second',
  'volt',
  'amp',
  'metre',
  'meter',
  'um2',
  'Mohm',
  'siemens',
  'cm',
  'NeuronGroup',
  'StateMonitor',
  'SpikeMonitor',
  'PopulationRateMonitor',
  'Equations',
  'TimedArray',
  'Synapses',
  'PoissonGroup',
  'SpikeGeneratorGroup',
  'Network',
  'run',
  'defaultclock',
  'seed',
  'np',
  'numpy',
  'rand',
  'randn',
  'linspace',
  'arange',
  'zeros',
  'ones',
  'array',
  'exp',
  'sqrt',
  'log',
  'abs',
  'int',
  'float',
  'len',
  'range',
  'min',
  'max',
  'sum',
  'print',
  'list',
  'dict',
  'zip',
  'enumerate',
  'None',
  'True',
  'False',
  'network_operation',
];
const KEYWORDS = [
  'if',
  'else',
  'elif',
  'for',
  'in',
  'while',
  'def',
  'return',
  'lambda',
  'import',
  'from',
  'as',
  'and',
  'or',
  'not',
  'is',
  'pass',
  'break',
  'continue',
  'class',
  'with',
  'try',
  'except',
  'global',
  'del',
  'assert',
  'raise',
  'yield',
];
const OPERATORS = [
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '**',
  '=',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  ':',
  ',',
  '.',
  ';',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '@',
  '~',
  '&',
  '|',
  '^',
  '\\',
  '$',
  '?',
  '`',
];
const LITERALS = ['0', '1', '2', '3', '10', '0.5', '1e-3', '-1', "'v'", "'v > 1'", "'v = 0'", "''", '"x : 1"', "'''"];
const LAYOUT = ['\n', '\n    ', '\n        ', '    ', '\t'];

const arbName = fc.oneof(fc.constantFrom(...NAMES), fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/));
const arbToken = fc.oneof(
  { weight: 3, arbitrary: arbName },
  { weight: 2, arbitrary: fc.constantFrom(...OPERATORS) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...LITERALS) },
  { weight: 1, arbitrary: fc.constantFrom(...LAYOUT) },
);

// ---------------------------------------------------------------- random expressions and equations

const UNITS_IN_CODE = ['ms', 'mV', 'nA', 'nS', 'pF', 'Hz', 'second', 'volt', 'amp', 'siemens', 'Mohm', 'um2', 'meter', 'metre', 'cm', 'kHz', 'mvolt'];
const CODE_NAMES = [
  'v',
  'w',
  'x',
  'y',
  'I',
  'g',
  'tau',
  'tau_m',
  'E_L',
  'V_th',
  'N',
  'i',
  't',
  'dt',
  'xi',
  'lastspike',
  'not_refractory',
  'k',
  'undefined_name',
];
const FUNCTIONS = ['exp', 'sqrt', 'log', 'sin', 'abs', 'clip', 'int', 'rand', 'randn', 'floor', 'sign', 'exprel', 'timestep', 'nosuchfn'];

/** A random expression in Python/Brian2 syntax (usually well-formed; sometimes not quite). */
export const arbExpression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...CODE_NAMES, ...UNITS_IN_CODE),
    fc.oneof(
      fc.integer({ min: -5, max: 100 }).map(String),
      fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }).map((x) => String(Math.round(x * 1000) / 1000)),
    ),
    fc
      .tuple(tie('expr'), fc.constantFrom('+', '-', '*', '/', '**', '//', '%', '<', '>', '==', '>=', ' and ', ' or '), tie('expr'))
      .map(([a, op, b]) => `${a}${op}${b}`),
    fc.tuple(fc.constantFrom('-', 'not ', '+', '~'), tie('expr')).map(([op, a]) => `${op}${a}`),
    tie('expr').map((a) => `(${a})`),
    fc.tuple(fc.constantFrom(...FUNCTIONS), fc.array(tie('expr'), { maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
    fc.tuple(tie('expr'), fc.constantFrom(...UNITS_IN_CODE)).map(([a, u]) => `${a}*${u}`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([a, b, c]) => `${a} if ${b} else ${c}`),
  ),
})).expr;

const DECL_UNITS = [
  '1',
  'volt',
  'amp',
  'second',
  'siemens',
  'farad',
  'hertz',
  'Hz',
  'metre',
  'meter',
  'boolean',
  'integer',
  'bool',
  'mV',
  'amp/meter**2',
  'siemens/metre**2',
  'volt/second',
  'metre2',
  '1*volt',
  'nothing',
  '',
];
const FLAGS = ['unless refractory', 'constant', 'shared', 'constant over dt', 'linked', 'event-driven', 'summed', 'unless_refractory', 'bogus'];

const arbEquationLine = fc.oneof(
  fc
    .tuple(fc.constantFrom(...CODE_NAMES), arbExpression, fc.constantFrom(...DECL_UNITS), fc.array(fc.constantFrom(...FLAGS), { maxLength: 2 }))
    .map(([n, e, u, f]) => `d${n}/dt = ${e} : ${u}${f.length ? ` (${f.join(', ')})` : ''}`),
  fc.tuple(fc.constantFrom(...CODE_NAMES), arbExpression, fc.constantFrom(...DECL_UNITS)).map(([n, e, u]) => `${n} = ${e} : ${u}`),
  fc
    .tuple(fc.constantFrom(...CODE_NAMES), fc.constantFrom(...DECL_UNITS), fc.array(fc.constantFrom(...FLAGS), { maxLength: 2 }))
    .map(([n, u, f]) => `${n} : ${u}${f.length ? ` (${f.join(', ')})` : ''}`),
  arbExpression,
);

/** A small script around a random equation block, threshold, reset and method. */
export const arbEquationScript: fc.Arbitrary<string> = fc
  .record({
    lines: fc.array(arbEquationLine, { minLength: 1, maxLength: 4 }),
    threshold: fc.option(arbExpression),
    reset: fc.option(fc.tuple(fc.constantFrom(...CODE_NAMES), fc.constantFrom('=', '+=', '-=', '*='), arbExpression).map(([a, op, b]) => `${a} ${op} ${b}`)),
    refractory: fc.option(fc.constantFrom('2*ms', "'v > 0*mV'", "'2*ms'", '5*mV', 'tau')),
    method: fc.option(fc.constantFrom('exact', 'euler', 'rk2', 'rk4', 'heun', 'milstein', 'exponential_euler', 'linear', 'eular')),
    init: fc.option(fc.tuple(fc.constantFrom(...CODE_NAMES), arbExpression)),
    n: fc.integer({ min: 0, max: 20 }),
    // Strings built at run time have no per-character positions: their errors point at the expression.
    built: fc.constantFrom('literal', 'join', 'concat', 'format'),
  })
  .map(({ lines, threshold, reset, refractory, method, init, n, built }) => {
    const eqs =
      built === 'join'
        ? `'\\n'.join([${lines.map((l) => JSON.stringify(l)).join(', ')}])`
        : built === 'concat'
          ? lines.map((l) => JSON.stringify(l + '\n')).join(' + ')
          : built === 'format'
            ? `'''\n{}\n'''.format(${JSON.stringify(lines.join('\n'))})`
            : "'''\n" + lines.join('\n') + "\n'''";
    const args = [`${n}`, eqs];
    if (threshold !== null) args.push(`threshold=${JSON.stringify(threshold)}`);
    if (reset !== null) args.push(`reset=${JSON.stringify(reset)}`);
    if (refractory !== null) args.push(`refractory=${refractory}`);
    if (method !== null) args.push(`method='${method}'`);
    return [
      'from brian2 import *',
      'tau = 10*ms',
      'tau_m = 20*ms',
      'E_L = -70*mV',
      'V_th = -50*mV',
      'g = 1*nS',
      `G = NeuronGroup(${args.join(', ')})`,
      init ? `G.${init[0]} = ${JSON.stringify(init[1])}` : '',
      "mon = StateMonitor(G, 'v', record=0)",
      'run(5*ms)',
      '',
    ].join('\n');
  });

/** A script with a random Python expression assigned and used as a parameter. */
export const arbExpressionScript: fc.Arbitrary<string> = fc
  .tuple(arbExpression, arbExpression)
  .map(([a, b]) =>
    [
      'from brian2 import *',
      'import numpy as np',
      'tau = 10*ms',
      'v = 1*mV',
      'x = 2',
      'i = 3',
      `value = ${a.replace(/\bI\b/g, 'x')}`,
      `other = [${b.replace(/\bI\b/g, 'x')} for k in range(3)]`,
      "G = NeuronGroup(3, 'dv/dt = -v/tau : volt', method='exact')",
      'G.v = value',
      'run(1*ms)',
      '',
    ].join('\n'),
  );

// ---------------------------------------------------------------- mutations of real scripts

type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'insert'; at: number; token: string }
  | { kind: 'replace'; at: number; token: string }
  | { kind: 'rename'; at: number; name: string }
  | { kind: 'string'; at: number; pos: number; edit: 'delete' | 'insert' | 'newline'; text: string }
  | { kind: 'expression'; at: number; expr: string }
  | { kind: 'truncate'; at: number };

const STRING_EDITS = [
  ':',
  '(',
  ')',
  '/',
  '*',
  '=',
  ' ',
  'dt',
  'd',
  'volt',
  'mV',
  '1',
  '#',
  ',',
  '\n',
  '+=',
  'unless refractory',
  '(constant)',
  'xi',
  '**',
  "'",
  '\\',
];

const arbMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((at) => ({ kind: 'delete' as const, at })),
  fc.nat().map((at) => ({ kind: 'duplicate' as const, at })),
  fc.nat().map((at) => ({ kind: 'swap' as const, at })),
  fc.tuple(fc.nat(), arbToken).map(([at, token]) => ({ kind: 'insert' as const, at, token })),
  fc.tuple(fc.nat(), arbToken).map(([at, token]) => ({ kind: 'replace' as const, at, token })),
  fc.tuple(fc.nat(), arbName).map(([at, name]) => ({ kind: 'rename' as const, at, name })),
  fc
    .tuple(fc.nat(), fc.nat(), fc.constantFrom('delete' as const, 'insert' as const, 'newline' as const), fc.constantFrom(...STRING_EDITS))
    .map(([at, pos, edit, text]) => ({ kind: 'string' as const, at, pos, edit, text })),
  fc.tuple(fc.nat(), arbExpression).map(([at, expr]) => ({ kind: 'expression' as const, at, expr })),
  fc.nat().map((at) => ({ kind: 'truncate' as const, at })),
);

function applyMutation(tokens: string[], m: Mutation): string[] {
  const out = [...tokens];
  const significant = out.map((t, k) => (isSpace(t) ? -1 : k)).filter((k) => k >= 0);
  if (!significant.length) return out;
  const k = significant[m.at % significant.length]!;
  switch (m.kind) {
    case 'delete':
      out.splice(k, 1);
      break;
    case 'duplicate':
      out.splice(k, 0, out[k]!);
      break;
    case 'swap': {
      const j = significant[(m.at + 1) % significant.length]!;
      [out[k], out[j]] = [out[j]!, out[k]!];
      break;
    }
    case 'insert':
      out.splice(k, 0, m.token, ' ');
      break;
    case 'replace':
      out[k] = m.token;
      break;
    case 'rename': {
      const names = significant.filter((x) => /^[A-Za-z_]/.test(out[x]!));
      if (names.length) out[names[m.at % names.length]!] = m.name;
      break;
    }
    case 'string': {
      const strings = significant.filter((x) => isString(out[x]!));
      if (!strings.length) break;
      const s = strings[m.at % strings.length]!;
      const text = out[s]!;
      const quote = text.startsWith("'''") || text.startsWith('"""') ? 3 : 1;
      const body = text.slice(quote, text.length - quote);
      const p = body.length ? m.pos % (body.length + 1) : 0;
      const edited =
        m.edit === 'delete'
          ? body.slice(0, p) + body.slice(p + 1)
          : m.edit === 'insert'
            ? body.slice(0, p) + m.text + body.slice(p)
            : body.slice(0, p) + (quote === 3 ? '\n' : '') + body.slice(p);
      out[s] = text.slice(0, quote) + edited + text.slice(text.length - quote);
      break;
    }
    case 'expression': {
      // Replace the right-hand side of an assignment by a random expression.
      const assigns = significant.filter((x) => out[x] === '=');
      if (!assigns.length) break;
      const a = assigns[m.at % assigns.length]!;
      let end = a + 1;
      while (end < out.length && !out[end]!.includes('\n')) end++;
      out.splice(a + 1, end - a - 1, ' ', m.expr);
      break;
    }
    case 'truncate':
      out.splice(k);
      break;
  }
  return out;
}

/** A real script with one to three random mutations. */
export function arbMutatedScript(scripts: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...scripts.map(roughTokens)), fc.array(arbMutation, { minLength: 1, maxLength: 3 }))
    .map(([tokens, mutations]) => mutations.reduce(applyMutation, tokens).join(''));
}

/** Arbitrary printable text (including non-ASCII), for the lexer and the error paths. */
export const arbNoise: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(arbToken, { maxLength: 60 }).map((ts) => ts.join(' ')),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
);

// ---------------------------------------------------------------- well-formed random models

type Kind = 'volt' | 'second' | 'amp' | 'siemens' | 'farad' | 'one';

/** Names of each kind in the template below (state variables, parameters, constants). */
const ATOMS: Record<Kind, string[]> = {
  volt: ['v', 'w', 'E_L', 'V_T', '(2*mV)', '(-65*mV)'],
  second: ['tau', 'tau_w', '(5*ms)'],
  amp: ['I', 'I_ext', '(0.5*nA)'],
  siemens: ['g_L', 'g', '(3*nS)'],
  farad: ['C', '(200*pF)'],
  one: ['x', '2', '0.5', '(v/mV)', 'exp((v - V_T)/D_T)', '(1 + x**2)', 'int(x > 0.5)', 'clip(x, 0, 1)'],
};

/** A random expression of the given physical kind, so the model passes the unit checks. */
function arbOfKind(kind: Kind, depth: number): fc.Arbitrary<string> {
  const atom = fc.constantFrom(...ATOMS[kind]);
  if (depth <= 0) return atom;
  const same = arbOfKind(kind, depth - 1);
  const options: fc.Arbitrary<string>[] = [
    atom,
    fc.tuple(same, fc.constantFrom('+', '-'), same).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(arbOfKind('one', depth - 1), same).map(([a, b]) => `${a}*${b}`),
  ];
  if (kind === 'amp') options.push(fc.tuple(arbOfKind('siemens', depth - 1), arbOfKind('volt', depth - 1)).map(([a, b]) => `${a}*(${b})`));
  if (kind === 'volt') options.push(fc.tuple(arbOfKind('amp', depth - 1), arbOfKind('siemens', depth - 1)).map(([a, b]) => `(${a})/(${b})`));
  if (kind === 'one') options.push(fc.tuple(arbOfKind('volt', depth - 1), arbOfKind('volt', 0)).map(([a, b]) => `(${a})/${b}`));
  return fc.oneof(...options);
}

/** The right-hand side of dX/dt for a variable of kind `kind`: (something of that kind)/(a time). */
function arbRate(kind: 'volt' | 'one'): fc.Arbitrary<string> {
  const byTime = fc.tuple(arbOfKind(kind, 2), arbOfKind('second', 0)).map(([a, t]) => `(${a})/${t}`);
  if (kind === 'one') return byTime;
  return fc.oneof(
    byTime,
    fc.tuple(arbOfKind('amp', 2), arbOfKind('farad', 0)).map(([a, c]) => `(${a})/${c}`),
  );
}

/**
 * A model that is usually valid: two or three state variables with unit-correct random right-hand sides,
 * a subexpression, optional noise, refractoriness, threshold and reset, and a random integration method
 * (which may legitimately refuse the equations). Exercises the accepting paths down to lowering.
 */
export const arbValidModel: fc.Arbitrary<string> = fc
  .record({
    dv: arbRate('volt'),
    dw: fc.option(arbRate('volt')),
    dx: arbRate('one'),
    current: arbOfKind('amp', 2),
    noise: fc.boolean(),
    refractory: fc.option(fc.constantFrom('2*ms', "'2*ms'", "'v > V_T'")),
    method: fc.option(fc.constantFrom('exact', 'linear', 'euler', 'rk2', 'rk4', 'heun', 'milstein', 'exponential_euler')),
    threshold: fc.option(fc.constantFrom("'v > V_T'", "'v > V_T and x > 0.1'", "'x > 1'")),
    reset: fc.constantFrom("'v = E_L'", "'v = E_L; x = 0'", "'''v = E_L\nw += 1*mV'''", "'x *= 0.5'"),
    n: fc.integer({ min: 1, max: 50 }),
    init: fc.constantFrom('G.v = E_L', "G.v = 'E_L + rand()*(V_T - E_L)'", 'G.v = E_L + rand(N)*5*mV', 'G.x = np.linspace(0, 1, N)', "G.x['i > 2'] = 0.5"),
  })
  .map((m) => {
    const unless = m.refractory !== null ? ' (unless refractory)' : '';
    const noise = m.noise ? ' + 0.1*xi*tau**-0.5' : '';
    const eqs = [
      `dv/dt = ${m.dv} : volt${unless}`,
      m.dw !== null ? `dw/dt = ${m.dw} : volt` : 'w : volt',
      `dx/dt = ${m.dx}${noise} : 1`,
      // I is the subexpression itself: its own expression uses the parameter instead (no cycle).
      `I = ${m.current.replace(/\bI\b/g, 'I_ext')} : amp`,
      'I_ext : amp (constant)',
    ];
    const args = [`N`, `'''\n${eqs.join('\n')}\n'''`];
    if (m.threshold !== null) args.push(`threshold=${m.threshold}`, `reset=${m.reset}`);
    if (m.refractory !== null) args.push(`refractory=${m.refractory}`);
    if (m.method !== null) args.push(`method='${m.method}'`);
    return [
      'from brian2 import *',
      'import numpy as np',
      `N = ${m.n}`,
      'E_L = -70*mV; V_T = -50*mV; D_T = 2*mV',
      'tau = 10*ms; tau_w = 100*ms',
      'g_L = 10*nS; g = 2*nS; C = 200*pF',
      `G = NeuronGroup(${args.join(', ')})`,
      m.init,
      "mon = StateMonitor(G, ['v', 'x'], record=[0])",
      'spikes = SpikeMonitor(G)',
      'run(2*ms)',
      '',
    ].join('\n');
  });
