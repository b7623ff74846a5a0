// Random Brian2 model scripts for the end-to-end property test of `convert`. The scripts are "valid-ish":
// built from typed pieces (every expression has a unit, so most are dimensionally consistent and get
// through to code generation), with a small share of deliberate trouble: names that clash with Python
// or with the generated code, hostile object names and namespace keys, strings with quotes, backslashes,
// newlines and Unicode separators, flags in the wrong place, unknown methods, post-processing that
// would touch the file system.

import fc from 'fast-check';

type Unit = 'volt' | 'amp' | 'siemens' | 'second' | 'hertz' | '1';

/** A literal quantity of each unit, as the script writes it (value × unit name). */
const SCALE: Record<Unit, string[]> = {
  volt: ['mV', 'volt', 'uvolt'],
  amp: ['nA', 'pA', 'amp'],
  siemens: ['nS', 'uS', 'siemens'],
  second: ['ms', 'second', 'us'],
  hertz: ['Hz', 'kHz'],
  '1': [''],
};
const UNITS: Unit[] = ['volt', 'amp', 'siemens', 'second', 'hertz', '1'];

/** Names a model could reasonably use. */
const PLAIN = ['v', 'w', 'u', 'x', 'y', 'g', 'I', 'ge', 'gi', 'a', 'b', 'theta', 'V_m', 'Isyn', 'h', 'm', 'z', 'rate', 'drive', 'E_L', 'tau_a'];
/**
 * Names that collide with Python, with the generated code, or that Brian2 refuses: builtins, soft
 * keywords, helper names of the generated bodies (`_K`, `_idx`, ... are what `K`, `idx` become as
 * temporaries), method names of the group classes, module-level names, keywords, reserved names.
 */
const HOSTILE = [
  'len',
  'self',
  'print',
  'match',
  'type',
  'case',
  'update',
  'spikes',
  'reset',
  'threshold',
  'np',
  'K',
  'idx',
  'n',
  'rng',
  'cond',
  'v_',
  'w__',
  'sample_x',
  'run_regularly_0',
  'ta_x',
  'range',
  'sum',
  'max',
  'min',
  'sim',
  'os',
  'time',
  'data',
  'DT',
  'TOTAL_STEPS',
  'SEED',
  'A',
  'Phi',
  'propagator',
  'start_segment',
  'before_start',
  'int_',
  'object',
  'id',
  'input',
  'lambda',
  'class',
  'None',
  '_x',
  '__x',
  'xi_1',
  't',
  'dt',
  'N',
  'i',
  'mV',
  'ms',
  'exp',
  'sin',
  'rand',
  'Simulation',
];

/** Strings for name= and namespace keys: some valid, some hostile to any code generator. */
const NAME_STRINGS = [
  'G',
  'cells',
  'pop_1',
  'neurons*',
  'DT',
  'TOTAL_STEPS',
  'Simulation',
  'Constants',
  '__init__',
  '_m_x',
  'runtime',
  'simulation',
  'data',
  'self',
  'lambda',
  'len',
  'x_idx',
  '_private',
  'a',
  'A',
  "a'b",
  'x"y',
  'back\\slash',
  'new\nline',
  "'''",
  '"""',
  'sep\u2028arator',
  'para\u2029',
  'é',
  '',
  '1abc',
  'a b',
  'tab\t',
  'nul\u0000',
  '#comment',
  'x; import os',
  '{{ x }}',
  '{% raw %}',
  '\ud83d\ude00',
];

/** A Python string literal for `s` (single quotes, escapes as Python reads them). */
export function pyLiteral(s: string): string {
  let out = "'";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16)}`;
    else out += ch;
  }
  return out + "'";
}

interface Var {
  name: string;
  unit: Unit;
  kind: 'diff' | 'param' | 'sub';
}

interface Ctx {
  vars: Var[];
  consts: { name: string; unit: Unit }[];
  allowRand: boolean;
  allowI: boolean;
}

const num = fc.oneof(
  fc.integer({ min: 1, max: 9 }).map(String),
  fc.double({ min: 0.05, max: 50, noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(3)),
);

function quantity(unit: Unit): fc.Arbitrary<string> {
  return fc.tuple(num, fc.constantFrom(...SCALE[unit])).map(([v, s]) => (s ? `${v}*${s}` : v));
}

/** An expression in `unit`, built from the variables and constants of `ctx`. */
function expr(unit: Unit, ctx: Ctx, depth: number): fc.Arbitrary<string> {
  const leaves: fc.Arbitrary<string>[] = [quantity(unit)];
  const vs = ctx.vars.filter((v) => v.unit === unit).map((v) => v.name);
  const cs = ctx.consts.filter((c) => c.unit === unit).map((c) => c.name);
  if (vs.length) leaves.push(fc.constantFrom(...vs), fc.constantFrom(...vs));
  if (cs.length) leaves.push(fc.constantFrom(...cs));
  if (unit === '1') {
    if (ctx.allowRand) leaves.push(fc.constant('rand()'));
    if (ctx.allowI) leaves.push(fc.constant('i'), fc.constant('(i*0.5 + 1)'));
    leaves.push(fc.constant('(t/second)'));
  }
  const leaf = fc.oneof(...leaves);
  if (depth <= 0) return leaf;
  const sub = expr(unit, ctx, depth - 1);
  const dimless = expr('1', ctx, depth - 1);
  const other = fc.constantFrom(...UNITS);
  const composite: fc.Arbitrary<string>[] = [
    fc.tuple(sub, sub).map(([a, b]) => `(${a} + ${b})`),
    fc.tuple(sub, sub).map(([a, b]) => `(${a} - ${b})`),
    fc.tuple(sub, num).map(([a, k]) => `${k}*${a}`),
    sub.map((a) => `-${a}`),
    fc.tuple(sub, dimless).map(([a, d]) => `${a}*${d}`),
    fc.tuple(sub, dimless).map(([a, d]) => `${a}/(1 + abs(${d}))`),
    // a ratio of two quantities of another unit is dimensionless
    other.chain((u) => fc.tuple(sub, expr(u, ctx, depth - 1), expr(u, ctx, depth - 1)).map(([a, p, q]) => `${a}*(${p})/(${q})`)),
  ];
  if (unit === '1') {
    composite.push(
      dimless.chain((d) =>
        fc.constantFrom(
          `sin(${d})`,
          `cos(${d})`,
          `tanh(${d})`,
          `exp(-abs(${d}))`,
          `sqrt(abs(${d}))`,
          `clip(${d}, 0, 1)`,
          `int(${d} > 0.5)`,
          `exprel(${d})`,
          `log(1 + abs(${d}))`,
          `floor(${d})`,
          `sign(${d})`,
        ),
      ),
    );
  }
  return fc.oneof({ weight: 2, arbitrary: leaf }, ...composite.map((arbitrary) => ({ weight: 1, arbitrary })));
}

function condition(ctx: Ctx): fc.Arbitrary<string> {
  const cmp = fc
    .constantFrom(...UNITS)
    .chain((u) => fc.tuple(expr(u, ctx, 1), fc.constantFrom('>', '<', '>=', '<=', '!='), expr(u, ctx, 0)).map(([a, op, b]) => `${a} ${op} ${b}`));
  return fc.oneof(
    { weight: 4, arbitrary: cmp },
    { weight: 1, arbitrary: fc.tuple(cmp, fc.constantFrom('and', 'or'), cmp).map(([a, op, b]) => `(${a}) ${op} (${b})`) },
    { weight: 1, arbitrary: fc.tuple(cmp).map(([a]) => `not (${a})`) },
    ...(ctx.allowRand ? [{ weight: 1, arbitrary: fc.constant('rand() < 0.1') }] : []),
  );
}

const varName = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PLAIN) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) });
const nameString = fc.oneof(
  { weight: 40, arbitrary: fc.constantFrom(...NAME_STRINGS.slice(0, 20)) },
  { weight: 1, arbitrary: fc.constantFrom(...NAME_STRINGS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

interface GroupPlan {
  vars: Var[];
  flags: Map<string, string[]>;
}

/** Variables of a group with units and kinds, unique names. */
const groupPlan: fc.Arbitrary<GroupPlan> = fc
  .uniqueArray(fc.tuple(varName, fc.constantFrom(...UNITS), fc.constantFrom<Var['kind']>('diff', 'diff', 'param', 'sub')), {
    minLength: 1,
    maxLength: 4,
    selector: (t) => t[0],
  })
  .chain((vs) =>
    fc
      .tuple(
        ...vs.map(([, , kind]) =>
          fc.subarray(kind === 'diff' ? ['unless refractory'] : kind === 'param' ? ['constant', 'shared'] : ['constant over dt', 'shared'], { maxLength: 1 }),
        ),
      )
      .map((flags) => ({
        vars: vs.map(([name, unit, kind]) => ({ name, unit, kind })),
        flags: new Map(vs.map(([name], k) => [name, flags[k]!])),
      })),
  );

function equations(plan: GroupPlan, consts: Ctx['consts'], noise: boolean): fc.Arbitrary<string> {
  const ctx: Ctx = { vars: plan.vars, consts, allowRand: false, allowI: true };
  const lines = plan.vars.map((v) => {
    const flags = plan.flags.get(v.name)!;
    const flagText = flags.length ? ` (${flags.join(', ')})` : '';
    const unitText = v.unit;
    if (v.kind === 'param') return fc.constant(`${v.name} : ${unitText}${flagText}`);
    // A subexpression may only use the variables before it (no cycles).
    const at = plan.vars.indexOf(v);
    const before: Ctx = { ...ctx, vars: plan.vars.filter((x, k) => x.kind !== 'sub' || k < at) };
    if (v.kind === 'sub') return expr(v.unit, before, 2).map((e) => `${v.name} = ${e} : ${unitText}${flagText}`);
    const tau = fc.oneof(
      quantity('second'),
      ...(consts.some((c) => c.unit === 'second') ? [fc.constantFrom(...consts.filter((c) => c.unit === 'second').map((c) => c.name))] : []),
    );
    const shape = fc.constantFrom('relax', 'linear', 'free');
    return fc.tuple(expr(v.unit, ctx, 2), tau, shape, fc.boolean()).map(([e, tc, sh, withNoise]) => {
      const rhs = sh === 'relax' ? `(${e} - ${v.name})/(${tc})` : sh === 'linear' ? `-${v.name}/(${tc}) + (${e})/(${tc})` : `(${e})/(${tc})`;
      const xi = noise && withNoise ? ` + (${v.unit === '1' ? '0.1' : `0.1*${SCALE[v.unit][0]}`})*sqrt(2/(${tc}))*xi` : '';
      return `d${v.name}/dt = ${rhs}${xi} : ${unitText}${flagText}`;
    });
  });
  return fc.tuple(...lines).map((ls) => ls.join('\n'));
}

interface Script {
  text: string;
}

const METHODS = ['exact', 'linear', 'euler', 'rk2', 'rk4', 'heun', 'milstein', 'exponential_euler'];
const STOCHASTIC_METHODS = ['euler', 'heun', 'milstein'];
/** Methods the converter refuses or does not know (an error, once in a while). */
const BAD_METHODS = ['independent', 'gsl', 'bogus'];

function group(index: number, consts: Ctx['consts']): fc.Arbitrary<{ code: string[]; pyName: string; vars: Var[] }> {
  const pyName = index === 0 ? 'G' : `H${index}`;
  const method = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...METHODS) }, { weight: 1, arbitrary: fc.constantFrom(...BAD_METHODS) });
  return fc.tuple(groupPlan, fc.option(method, { nil: undefined, freq: 3 }), fc.integer({ min: 0, max: 9 })).chain(([plan, method, dice]) => {
    // Noise mostly with a method that integrates it (and once in a while with one that does not).
    const noise = dice === 0 || (dice < 4 && (method === undefined || STOCHASTIC_METHODS.includes(method)));
    const ctx: Ctx = { vars: plan.vars, consts, allowRand: true, allowI: true };
    const writable = plan.vars.filter((v) => v.kind !== 'sub' && !plan.flags.get(v.name)!.includes('constant'));
    // The reset runs per neuron: mostly variables that are not shared (Brian2 refuses the others).
    const perNeuron = writable.filter((v) => !plan.flags.get(v.name)!.includes('shared'));
    const resetTargets = perNeuron.length && dice % 5 !== 0 ? perNeuron : writable;
    const assign = resetTargets.length
      ? fc
          .constantFrom(...resetTargets)
          .chain((v) =>
            fc
              .tuple(fc.constantFrom('=', '+=', '-=', '*='), v.unit === '1' ? expr('1', ctx, 1) : expr(v.unit, ctx, 1))
              .map(([op, e]) => (op === '*=' ? `${v.name} *= 0.5` : `${v.name} ${op} ${e}`)),
          )
      : fc.constant('');
    const reset = fc.array(assign, { minLength: 1, maxLength: 3 }).map((xs) => xs.filter(Boolean).join('; '));
    const refractory = fc.oneof(
      quantity('second'),
      condition({ ...ctx, allowRand: false }).map((c) => pyLiteral(c)),
    );
    const monitor = fc.oneof(
      fc.constant(`SpikeMonitor(${pyName}`),
      fc.constant(`PopulationRateMonitor(${pyName}`),
      fc
        .tuple(
          fc.subarray(
            plan.vars.map((v) => v.name),
            { minLength: 1 },
          ),
          fc.oneof(fc.constant('True'), fc.constant('[0]'), fc.constant('[0, 1]'), fc.constant('0')),
        )
        .map(([vs, rec]) => `StateMonitor(${pyName}, ${vs.length === 1 ? pyLiteral(vs[0]!) : `[${vs.map(pyLiteral).join(', ')}]`}, record=${rec}`),
    );
    const monitors = fc
      .array(fc.tuple(monitor, fc.option(nameString, { nil: undefined, freq: 4 })), { maxLength: 3 })
      .map((ms) => ms.map(([m, name], k) => `mon_${pyName}_${k} = ${m}${name !== undefined ? `, name=${pyLiteral(name)}` : ''})`));
    const init = writable.length
      ? fc.constantFrom(...writable).chain((v) =>
          fc.oneof(
            quantity(v.unit).map((q) => `${pyName}.${v.name} = ${q}`),
            expr(v.unit, ctx, 1).map((e) => `${pyName}.${v.name} = ${pyLiteral(e)}`),
            quantity(v.unit).map((q) => `${pyName}.${v.name}[:2] = ${q}`),
            fc.tuple(condition({ ...ctx, allowRand: false }), quantity(v.unit)).map(([c, q]) => `${pyName}.${v.name}[${pyLiteral(c)}] = ${q}`),
            quantity(v.unit).map((q) => `${pyName}.${v.name} = np.linspace(0, 1, N_${pyName})*${q}`),
          ),
        )
      : fc.constant('');
    const namespace = fc.option(
      // An explicit namespace replaces the script's names: it carries the constants, plus odd keys.
      fc.uniqueArray(fc.tuple(nameString, quantity('second')), { maxLength: 3, selector: (t) => t[0] }).map((kv) => {
        const entries = [...consts.map((c) => [c.name, c.name] as const), ...kv.filter(([k]) => !consts.some((c) => c.name === k))];
        return `{${entries.map(([k, v]) => `${pyLiteral(k)}: ${v}`).join(', ')}}`;
      }),
      { nil: undefined, freq: 5 },
    );
    return fc
      .record({
        eqs: equations(plan, consts, noise),
        n: fc.integer({ min: 1, max: 12 }),
        threshold: fc.option(condition({ ...ctx, allowI: true }), { nil: undefined, freq: 4 }),
        reset: fc.option(reset, { nil: undefined, freq: 4 }),
        refractory: fc.option(refractory, { nil: undefined, freq: 3 }),
        name: fc.option(nameString, { nil: undefined, freq: 5 }),
        namespace,
        monitors,
        inits: fc.array(init, { maxLength: 3 }),
      })
      .map((g) => {
        const args = [`N_${pyName}`, `eqs_${pyName}`];
        if (g.threshold !== undefined) args.push(`threshold=${pyLiteral(g.threshold)}`);
        if (g.reset !== undefined && g.reset && (g.threshold !== undefined || g.n === 1)) args.push(`reset=${pyLiteral(g.reset)}`);
        // `(unless refractory)` needs refractory= (left out once in a while, to test the error).
        const refractory = g.refractory ?? (g.eqs.includes('unless refractory') && g.n > 1 ? '2*ms' : undefined);
        if (refractory !== undefined) args.push(`refractory=${refractory}`);
        if (method !== undefined) args.push(`method=${pyLiteral(method)}`);
        if (g.name !== undefined) args.push(`name=${pyLiteral(g.name)}`);
        if (g.namespace !== undefined) args.push(`namespace=${g.namespace}`);
        const code = [
          `N_${pyName} = ${g.n}`,
          `eqs_${pyName} = '''\n${g.eqs}\n'''`,
          `${pyName} = NeuronGroup(${args.join(', ')})`,
          ...g.inits.filter(Boolean),
          ...g.monitors,
        ];
        return { code, pyName, vars: plan.vars };
      });
  });
}

const constants: fc.Arbitrary<{ name: string; unit: Unit; value: string }[]> = fc
  .uniqueArray(
    fc.tuple(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom('tau', 'tau_m', 'E_rest', 'V_th', 'I0', 'g0', 'f0', 'k', 'sigma') },
        { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) },
      ),
      fc.constantFrom(...UNITS),
    ),
    { maxLength: 4, selector: (t) => t[0] },
  )
  .chain((cs) => fc.tuple(...cs.map(([, u]) => quantity(u))).map((vals) => cs.map(([name, unit], k) => ({ name, unit, value: vals[k]! }))));

const POST_PROCESSING = [
  "print('done')",
  "import os\nos.remove('/tmp/brian2lava-property-test-must-not-exist')",
  "import subprocess\nsubprocess.call(['touch', '/tmp/brian2lava-property-test-must-not-exist'])",
  "open('/tmp/brian2lava-property-test-must-not-exist', 'w').write('x')",
  "exec('x = 1')",
];

/** A whole model script. */
export const modelScript: fc.Arbitrary<Script> = constants.chain((consts) =>
  fc
    .record({
      dt: fc.option(fc.constantFrom('0.1*ms', '0.05*ms', '0.2*ms', '1*ms'), { nil: undefined, freq: 3 }),
      groups: fc.integer({ min: 1, max: 2 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => group(k, consts)))),
      runs: fc.array(fc.constantFrom('1*ms', '2*ms', '0.5*ms', '3*ms', '0*ms'), { minLength: 1, maxLength: 2 }),
      seed: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined, freq: 3 }),
      post: fc.option(fc.constantFrom(...POST_PROCESSING), { nil: undefined, freq: 4 }),
    })
    .map(({ dt, groups, runs, seed, post }) => {
      const lines = ['from brian2 import *', 'import numpy as np'];
      if (dt) lines.push(`defaultclock.dt = ${dt}`);
      if (seed !== undefined) lines.push(`seed(${seed})`);
      for (const c of consts) lines.push(`${c.name} = ${c.value}`);
      for (const g of groups) lines.push(...g.code);
      runs.forEach((r, k) => {
        if (k > 0) {
          const g = groups[0]!;
          const v = g.vars.find((x) => x.kind !== 'sub');
          if (v) lines.push(`${g.pyName}.${v.name} = ${SCALE[v.unit][0] ? `1*${SCALE[v.unit][0]}` : '1'}`);
        }
        lines.push(`run(${r})`);
      });
      if (post) lines.push(post);
      return { text: lines.join('\n') + '\n' };
    }),
);
