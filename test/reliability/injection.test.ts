// Generated code is injection-safe: every identifier is checked against Python's rules and keywords
// (Python itself is the judge here), every string literal reads back as exactly the input string, and
// hostile names (builtins, soft keywords, the generated code's own helpers, quotes, newlines, Unicode
// separators, odd file names) give valid Python that behaves exactly like the model.

import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { className, comment, NameAllocator, pyIdent, pyStr } from '../../src/4-emit/python-names.js';
import { resolvePython } from '../../src/run/environment.js';
import { cli, compareResults, ROOT, tempDir } from '../helpers/pipeline.js';
import { compile } from '../../src/compile.js';

const MODELS = path.join(ROOT, 'test', 'reliability', 'models');
const STEP = path.join(ROOT, 'test', 'reliability', 'helpers', 'step_engines.py');

const HOSTILE_STRINGS = [
  '',
  'v',
  'len',
  'self',
  'lambda',
  'match',
  'type',
  '_',
  '__',
  '__init__',
  '__class__',
  '_K',
  '_idx',
  'v_',
  'v__',
  'len_',
  'update',
  'sample_M',
  'run_regularly_0',
  '_ta_x',
  '1abc',
  'a b',
  "a'b",
  'a"b',
  'a\\b',
  "'''",
  '"""',
  'x\ny',
  'x\r\ny',
  'tab\t',
  'nul\0',
  'bell\x07',
  'del\x7f',
  'c1\x85',
  'ls\u2028',
  'ps\u2029',
  'é',
  'Ω',
  'ﬁ',
  '😀',
  'lone\ud800',
  'lone\udc00x',
  '\ufeffbom',
  'rtl\u202e',
  '{{ x }}',
  '{% if %}',
  '# not a comment',
  'x; import os',
  "'); import os; ('",
  '\\N{BULLET}',
  '\\x41',
  '\\u0041',
];

async function python(code: string, input: unknown): Promise<unknown> {
  const r = await execa('python3', ['-c', code], { input: JSON.stringify(input), reject: false });
  if (r.exitCode !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

function pyFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.py'))
    .map((e) => path.join(e.parentPath, e.name));
}

async function pyCompile(files: string[]): Promise<void> {
  const r = await execa('python3', ['-m', 'py_compile', ...files], { reject: false });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
}

describe('names and literals for generated Python', () => {
  it('pyIdent gives identifiers Python accepts, no keywords or builtins, and never merges two names', async () => {
    const names = [
      ...HOSTILE_STRINGS,
      ...['False', 'None', 'True', 'and', 'async', 'await', 'class', 'def', 'print', 'int', 'np', '_np', 'spikes', 'reset', 'threshold', 'start_segment'],
    ];
    const idents = names.map(pyIdent);
    expect(new Set(idents).size).toBe(new Set(names).size);
    const verdict = (await python(
      'import json, sys, keyword, builtins\nnames = json.load(sys.stdin)\nprint(json.dumps([[n.isidentifier(), keyword.iskeyword(n) or keyword.issoftkeyword(n), hasattr(builtins, n) and not n.startswith("_"), n.startswith("__") and not n.endswith("__")] for n in names]))',
      idents,
    )) as boolean[][];
    verdict.forEach(([valid, keyword, builtin, mangled], k) => {
      expect({ name: names[k], ident: idents[k], valid, keyword, builtin, mangled }).toEqual({
        name: names[k],
        ident: idents[k],
        valid: true,
        keyword: false,
        builtin: false,
        mangled: false,
      });
    });
    // Safe names stay as they are (the generated code reads like the model).
    for (const n of ['v', 'tau_m', 'I_syn', 'E_L', 'g0']) expect(pyIdent(n)).toBe(n);
    expect(className("x'; import os #")).toMatch(/^[A-Z][A-Za-z0-9]*$/);
  });

  it('NameAllocator keeps names unique, also without case and with companion suffixes', () => {
    const files = new NameAllocator(['runtime'], true);
    expect(files.take('G')).toBe('G');
    expect(files.take('g')).toBe('g_2');
    expect(files.take('Runtime')).toBe('Runtime_2');
    const attrs = new NameAllocator();
    const a = attrs.take('_m_M', ['_idx']);
    const b = attrs.take('_m_M_idx', ['_idx']);
    expect(new Set([a, `${a}_idx`, b, `${b}_idx`]).size).toBe(4);
  });

  it('pyStr literals read back as exactly the input string', async () => {
    const literals = HOSTILE_STRINGS.map(pyStr);
    for (const l of literals) expect(l).not.toMatch(/[\n\r\u2028\u2029\0]/);
    const back = (await python(
      'import ast, json, sys\nprint(json.dumps([ast.literal_eval(l) for l in json.load(sys.stdin)], ensure_ascii=True))',
      literals,
    )) as string[];
    // JSON cannot carry lone surrogates faithfully; compare code units through escapes.
    expect(back.map((s) => JSON.stringify(s))).toEqual(HOSTILE_STRINGS.map((s) => JSON.stringify(s)));
  });

  it('comment() text is safe in # comments and in docstrings, wherever it is placed', async () => {
    const dir = tempDir('comment-');
    const files = HOSTILE_STRINGS.flatMap((s, k) => {
      const c = comment(s);
      const a = path.join(dir, `c${k}.py`);
      writeFileSync(a, `# ${c}\n"""${c}"""\ndef f():\n    """${c}"""\n    x = 1  # ${c}\n    return x\n`);
      return [a];
    });
    await pyCompile(files);
  });
});

describe('hostile models', () => {
  it('names that clash with Python and the generated code: Lava run matches Brian2 exactly', async () => {
    const out = tempDir('hostile-');
    const project = path.join(out, 'p', 'hostile_names');
    const model = path.join(MODELS, 'hostile_names.py');
    const r = await cli(['run', model, '-o', path.join(out, 'p'), '--timeout', '600', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    await pyCompile(pyFiles(project));
    const verdict = await compareResults(path.join(MODELS, 'hostile_names.ref.json'), path.join(project, 'results.json'), model);
    expect(verdict.report.monitors.filter((m) => !m.ok)).toEqual([]);
    expect(verdict.code).toBe(0);
  }, 900_000);

  it('names even Brian2 cannot generate code for (self, len, rng, cond, generated method names) behave like plain names', async () => {
    // The same model twice: once with hostile names, once with plain ones. Same seed, same operations:
    // the results must be identical.
    const hostile = ['self', 'len', 'rng', 'cond', 'threshold', 'start_segment', 'sample_x', 'run_regularly_0', 'K', 'idx', 'n', 'spikes'];
    const plain = hostile.map((_, k) => `var${k}`);
    const model = (names: string[]) => {
      const [self, len, rng, cond, thr, seg, sample, rr, K, idx, n, spikes] = names;
      return `from brian2 import *
seed(3)
tau = 10*ms
eqs = '''
d${self}/dt = (drive - ${self})/tau : volt (unless refractory)
d${K}/dt = -${K}/(20*ms) : 1 (unless refractory)
drive : volt
${len} : 1
${rng} : 1
${cond} : 1
${thr} : 1
${seg} : 1
${sample} : 1
${rr} : 1
${idx} : 1
${n} = ${K}*2 : 1
${spikes} : 1
'''
G = NeuronGroup(5, eqs, threshold='${self} > -55*mV', reset='${self} = -65*mV; ${len} += 1; ${rng} = rand(); ${cond} = ${n}; ${K} += 1; ${thr} = ${len}*2; ${spikes} += 1',
                refractory=2*ms, method='exact')
G.${self} = -65*mV
G.drive = '-50*mV + i*mV'
G.${sample} = 'rand()'
G.${rr}['i > 2'] = 3
G.${idx} = 'i'
G.run_regularly('${seg} += 1 + ${idx}', dt=1*ms)
mon = StateMonitor(G, [${names
        .filter((x) => x !== self)
        .map((x) => `'${x}'`)
        .join(', ')}, '${self}'], record=True)
spk = SpikeMonitor(G)
run(20*ms)
`;
    };
    const out = tempDir('rename-');
    const results = [];
    for (const [tag, names] of [
      ['hostile', hostile],
      ['plain', plain],
    ] as const) {
      const file = path.join(out, `${tag}.py`);
      writeFileSync(file, model(names));
      const r = await cli(['run', file, '-o', path.join(out, tag), '--timeout', '600', '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      results.push(
        JSON.parse(readFileSync(path.join(out, tag, tag, 'results.json'), 'utf8')) as {
          monitors: { spk: { i: number[]; t: number[] }; mon: { variables: Record<string, number[][]> } };
        },
      );
    }
    const [h, p] = results as [(typeof results)[0], (typeof results)[0]];
    expect(h.monitors.spk.t.length).toBeGreaterThan(0);
    expect(h.monitors.spk).toEqual(p.monitors.spk);
    hostile.forEach((name, k) => expect([name, h.monitors.mon.variables[name]]).toEqual([name, p.monitors.mon.variables[plain[k]!]]));
  }, 900_000);

  it('network code (synapses, summed variables, connect(), delays, inputs, synaptic monitors) with hostile names behaves like plain names', async () => {
    // Variables named like the Synapses class's own attributes and methods, pre/post references to
    // renamed variables (`self_post`), and script constants named like the locals and helpers of
    // synaptic code (Brian2 accepts constants whose names start with '_').
    const hostile = [
      'self',
      'len',
      'N_PRE',
      'update',
      'start_segment',
      'spikes',
      'N_POST',
      '_post_idx',
      '_rng',
      '_m',
      '_step',
      '_pre_idx',
      '_valid',
      '_n_syn',
      'rates',
      '_synaptic_var',
      '_shaped',
    ];
    const plain = hostile.map((_, k) => `var${k}`);
    const model = (names: string[]) => {
      const [V, S, P, W, TR, SP, Q, C1, C2, C3, C4, C5, GV, K2, R, C6, C7] = names;
      return `from brian2 import *
seed(7)
defaultclock.dt = 0.1*ms
${C1} = 0.3*mV
${C2} = 0.5
${C3} = 1
${C4} = 0.4*ms
${C5} = 0.2*mV
${K2} = 2
${R} = 200*Hz
${C6} = 1
${C7} = 1
tau = 10*ms
eqs = """
d${V}/dt = (-70*mV - ${V} + drive + ${S}*mV + ${P})/tau : volt (unless refractory)
drive : volt
${S} : 1
${P} : volt
"""
G = NeuronGroup(6, eqs, threshold='${V} > -55*mV', reset='${V} = -70*mV', refractory=2*ms, method='exact')
G.${V} = '-70*mV + i*mV'
G.drive = '14*mV + 1*mV*i'
S = Synapses(G, G, """
${W} : 1
d${TR}/dt = -${TR}/(5*ms) : 1 (event-driven)
${SP} : 1
${Q} : volt
${S}_post = ${W}*(${V}_pre - ${V}_post)/mV*0.01*${C6}*${C7} : 1 (summed)
""", on_pre="""${V}_post += ${C1}*${W} + ${P}_pre*0.1 + ${C5}
${TR} += 1
${SP} += ${C3}
${Q} = ${V}_pre""", on_post='${TR} *= ${C2} + 0.01*rand()', method='exact')
S.connect(condition='i != j and ${P}_pre >= 0*mV', p='${C2}')
S.${W} = 'j*0.1 + ${C3}*0.5'
S.${Q}['i > ${C3}'] = '${C1}*i'
S.delay = '(i % 3)*${C4}'
S2 = Synapses(G, G, on_pre='${V}_post += ${C5}')
S2.connect(j='${GV} for ${GV} in range(i-1, i+2) if ${GV} != i', skip_if_invalid=True, n='${K2}')
P1 = PoissonGroup(3, rates='${R}*(1 + i)')
S3 = Synapses(P1, G, on_pre='${V}_post += ${C1}')
S3.connect(j='i')
PI = PoissonInput(G, '${P}', 3, 50*Hz, weight='${C5}')
M = StateMonitor(S, ['${W}', '${TR}', '${SP}', '${Q}'], record=True)
MG = StateMonitor(G, ['${V}', '${S}', '${P}'], record=True)
spk = SpikeMonitor(G)
run(30*ms)
`;
    };
    type Results = {
      monitors: { spk: { i: number[]; t: number[] }; M: { variables: Record<string, number[][]> }; MG: { variables: Record<string, number[][]> } };
    };
    const out = tempDir('rename-net-');
    const results: Results[] = [];
    for (const [tag, names] of [
      ['hostile', hostile],
      ['plain', plain],
    ] as const) {
      const file = path.join(out, `${tag}.py`);
      writeFileSync(file, model(names));
      const r = await cli(['run', file, '-o', path.join(out, tag), '--timeout', '600', '--quiet', '--no-plots']);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      if (tag === 'hostile') await pyCompile(pyFiles(path.join(out, tag, tag)));
      results.push(JSON.parse(readFileSync(path.join(out, tag, tag, 'results.json'), 'utf8')) as Results);
    }
    const [h, p] = results as [Results, Results];
    expect(h.monitors.spk.t.length).toBeGreaterThan(0);
    expect(h.monitors.spk).toEqual(p.monitors.spk);
    for (const mon of ['M', 'MG'] as const) {
      const recorded = Object.keys(h.monitors[mon].variables);
      expect(recorded.length).toBeGreaterThan(0);
      for (const name of recorded)
        expect([mon, name, h.monitors[mon].variables[name]]).toEqual([mon, name, p.monitors[mon].variables[plain[hostile.indexOf(name)]!]]);
    }
  }, 900_000);

  it('object names Brian2 refuses are refused with a located error, not pasted into code', async () => {
    const out = tempDir('badname-');
    for (const name of ["x'''\"; import os #", 'a\nb', 'é', '', '1abc', 'a b']) {
      const file = path.join(out, 'm.py');
      writeFileSync(file, `from brian2 import *\nG = NeuronGroup(2, 'dv/dt = -v/(10*ms) : 1', name=${JSON.stringify(name)})\nrun(1*ms)\n`);
      const r = await cli(['convert', file, '-o', path.join(out, 'p')]);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/m\.py:2:\d+: error\[value-error\]: .* is not a valid name for a Brian2 object/);
      expect(r.stderr).toContain('hint:');
    }
  }, 300_000);

  it('model files with quotes, backslashes, newlines and Unicode separators in their names give valid projects', async () => {
    const out = tempDir('filenames-');
    const names = ["it's", 'say "hi"', 'back\\slash', 'new\nline', 'tri"""ple', "tri'''ple", 'sep\u2028arator', 'ünï', '{{ x }}'];
    const projects: string[] = [];
    for (const [k, n] of names.entries()) {
      const file = path.join(out, `${n}.py`);
      copyFileSync(path.join(ROOT, 'fixtures', '01_lif_exact.py'), file);
      const project = path.join(out, `p${k}`, n);
      const r = await cli(['convert', file, '-o', path.join(out, `p${k}`), '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      await pyCompile(pyFiles(project));
      projects.push(project);
    }
    // ... and they run (the engine, stepped with numpy).
    const { python: py } = await resolvePython(undefined);
    const r = await execa(py, [STEP, '100000', ...projects], { reject: false });
    expect(JSON.parse(r.stdout.trim().split('\n').pop()!)).toEqual({ ok: projects.length, failed: [] });
  }, 600_000);
});

describe('constants named like the converter temporaries', () => {
  it("a constant _x beside a variable x (the name of x's new value in the update) is refused, as Brian2 fails on it", () => {
    const script = ['from brian2 import *', '_x = 10*ms', "G = NeuronGroup(2, 'dx/dt = -x/_x : 1', method='euler')", 'G.x = 1', 'run(1*ms)'].join('\n');
    // Brian2 2.5.4 raises NameError at run() (its update code assigns `_x` and reads the constant as the
    // temporary); the converter once renamed the constant and produced a model Brian2 does not run.
    const r = compile('model.py', script);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.span?.line, d.code])).toEqual([[3, 'value-error']]);
    expect(errors[0]!.message).toMatch(/'_x' has the name Brian2 gives the new value of 'x'/);
  });
});
