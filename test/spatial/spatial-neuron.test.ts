// SpatialNeuron through the phases: Brian2's rewrite of the membrane equation, the constructor's
// assignments, indices given as morphologies, threshold_location, the default methods, modules beside
// the script, and the Loihi 2 refusal. Conformance with Brian2 itself is in fixtures/spatial_*.py.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { compileLoihi } from '../../src/4-targets/loihi2/compile.js';
import type { SpatialNeuronIR, StateMonitorIR } from '../../src/2-model/ir.js';
import { evaluate } from '../../src/symbolic/evaluate.js';
import type { SExpr } from '../../src/symbolic/expr.js';
import { tempDir } from '../helpers/pipeline.js';

const HEADER = `from brian2 import *
tree = Soma(20*um)
tree.dend = Cylinder(diameter=1*um, length=50*um, n=5)
tree.axon = Cylinder(diameter=1*um, length=100*um, n=10)
`;

function model(body: string) {
  const r = compile('model.py', HEADER + body, 'lower');
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  return { r, errors, neuron: r.model?.groups.find((g) => g.kind === 'SpatialNeuron') as SpatialNeuronIR | undefined };
}

describe('the membrane equation', () => {
  const { neuron, errors } = model(`
g = 1e-4*siemens/cm**2
E = -70*mV
cell = SpatialNeuron(tree, '''
Im = g*(E - v) + gx*(v - 10*mV)**2/(1*mV) : amp/meter**2
I_a : amp (point current)
I_b = gb*(E - v) : amp (point current)
gb : siemens
gx : siemens/meter**2
''')
run(1*ms)
`);

  it('is accepted', () => expect(errors).toEqual([]));

  it('has the point currents added to Im and their flag removed', () => {
    expect(neuron!.pointCurrents).toEqual(['I_a', 'I_b']);
    const im = neuron!.equations.find((e) => e.name === 'Im')!;
    expect(im.expr!.code).toMatch(/I_a\s*\/\s*area.*I_b\s*\/\s*area/);
    expect(neuron!.equations.find((e) => e.name === 'I_b')!.flags).toEqual([]);
  });

  it('is linearised in v as Brian2 does: gtot = -dIm/dv, I0 = Im + gtot*v', () => {
    const eq = (name: string) => neuron!.equations.find((e) => e.name === name)!.expr!.ast;
    const values: Record<string, number> = { g: 1, E: -0.07, gx: 3, v: -0.05, I_a: 1e-9, gb: 2e-9, area: 1e-9, mV: 1e-3 };
    const consts = (n: string) => values[n] ?? (n.startsWith('_') ? undefined : values[n]);
    const subs = (e: SExpr): number => evaluate(e, (n) => consts(n) ?? evalSub(n));
    const evalSub = (n: string): number | undefined => {
      const e = neuron!.equations.find((x) => x.name === n && x.kind === 'subexpression');
      return e ? subs(e.expr!.ast) : undefined;
    };
    const imAt = (v: number) => {
      const saved = values.v!;
      values.v = v;
      const r = subs(eq('Im'));
      values.v = saved;
      return r;
    };
    const h = 1e-7;
    const slope = (imAt(values.v! + h) - imAt(values.v! - h)) / (2 * h);
    const gtot = subs(eq('gtot__private'));
    expect(gtot).toBeCloseTo(-slope, 3);
    expect(subs(eq('I0__private'))).toBeCloseTo(imAt(values.v!) + gtot * values.v!, 12);
  });

  it("is preceded by the constructor's assignments of geometry, Cm and Ri", () => {
    const { r } = model(`
cell = SpatialNeuron(tree, 'Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2', Cm=[1]*16*uF/cm**2)
cell.v = -70*mV
run(1*ms)
`);
    const sets = r.model!.program.filter((a) => a.kind === 'set').map((a) => (a.kind === 'set' ? a.variable : ''));
    expect(sets.slice(0, 9)).toEqual(['Cm', 'Ri', 'distance', 'length', 'area', 'diameter', 'volume', 'r_length_1', 'r_length_2']);
    expect(sets[9]).toBe('v');
  });
});

describe('compartments given as morphologies', () => {
  it('are absolute indices, made relative to a monitored subtree', () => {
    const { r, errors } = model(`
cell = SpatialNeuron(tree, '''Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2
I : amp (point current)''')
m1 = StateMonitor(cell, 'v', record=tree.axon[25*um])
m2 = StateMonitor(cell.axon, 'v', record=tree.axon[25*um])
m3 = StateMonitor(cell.dend, 'v', record=True)
cell.I[tree.dend[-1]] = 1*nA
seg = cell.axon[10*um:40*um]
run(1*ms)
`);
    expect(errors).toEqual([]);
    const mon = (name: string) => r.model!.monitors.find((m) => m.pyName === name) as StateMonitorIR;
    expect(mon('m1').record).toEqual([8]);
    expect(mon('m2').record).toEqual([2]);
    expect(mon('m2').source).toMatchObject({ start: 6, stop: 16 });
    expect(mon('m3').source).toMatchObject({ start: 1, stop: 6 });
    const set = r.model!.program.find((a) => a.kind === 'set' && a.variable === 'I');
    expect(set).toMatchObject({ index: { kind: 'indices', indices: [5] } });
  });

  it('restrict the threshold to threshold_location', () => {
    const { neuron, errors } = model(`
cell = SpatialNeuron(tree, 'Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2', threshold='v > -50*mV', threshold_location=tree.axon[95*um])
run(1*ms)
`);
    expect(errors).toEqual([]);
    expect(neuron!.thresholdLocation).toBe(15);
    expect(neuron!.threshold!.code).toBe('(v > -50*mV) and (i == 15)');
  });
});

describe('integration methods', () => {
  it("default to Brian2's list for SpatialNeuron (exact first, heun for noise)", () => {
    const { r } = model(`
cell = SpatialNeuron(tree, '''Im = 1e-4*siemens/cm**2*(-70*mV - v) + gx*x : amp/meter**2
dx/dt = -x/(5*ms) + 2*mV/sqrt(ms)*xi : volt
gx : siemens/meter**2''')
run(1*ms)
`);
    const g = r.lowered!.groups.find((x) => x.kind === 'NeuronGroup')!;
    expect(g.kind === 'NeuronGroup' && g.method.name).toBe('heun');
    expect(g.kind === 'NeuronGroup' && g.cable).toBeTruthy();
  });
});

describe('summed variables moved in the schedule', () => {
  it('refuse a name that is not a summed variable, with the known ones', () => {
    const { errors } = model(`
cell = SpatialNeuron(tree, 'Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2')
rec = NeuronGroup(1, 'u : amp/meter**2')
S = Synapses(cell, rec, 'u_post = Ic_pre : amp/meter**2 (summed)')
S.summed_updaters['w_post'].when = 'after_groups'
S.connect()
run(1*ms)
`);
    expect(errors[0]!.message).toBe("'w_post' is not a summed variable of S");
    expect(errors[0]!.hint).toMatch(/u_post/);
  });

  it('are placed in the slot the script names', () => {
    const { r, errors } = model(`
cell = SpatialNeuron(tree, 'Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2')
rec = NeuronGroup(1, 'u : amp/meter**2')
S = Synapses(cell, rec, 'u_post = Ic_pre : amp/meter**2 (summed)')
S.summed_updaters['u_post'].when = 'after_groups'
S.connect()
run(1*ms)
`);
    expect(errors).toEqual([]);
    const ops = r.lowered!.schedule.map((e) => `${e.slot}:${e.op}`);
    expect(ops.indexOf('after_groups:summed')).toBeGreaterThan(ops.indexOf('groups:cable'));
  });
});

describe('refusals', () => {
  it('on Loihi 2, located at the SpatialNeuron and saying why', () => {
    const r = compileLoihi('model.py', `${HEADER}cell = SpatialNeuron(tree, 'Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2')\nrun(1*ms)\n`);
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.code).toBe('fixed-point');
    expect(d.span!.line).toBe(5);
    expect(d.message).toMatch(/cable equation.*Lava does not provide/);
    expect(d.hint).toBe('use --backend cpu');
    expect(r.files).toBeNull();
  });

  it('for a neuron made of a subtree', () => {
    const { errors } = model(`cell = SpatialNeuron(tree.axon, 'Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2')\nrun(1*ms)\n`);
    expect(errors[0]!.message).toMatch(/subtree/);
  });
});

describe('modules beside the script', () => {
  it('are read (not executed) and their names reach Brian2 strings', () => {
    const dir = tempDir('spatial-module-');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'cellparams.py'), 'from brian2.units import *\nE_rest = -72*mV\ng_rest = 1e-4*siemens/cm**2\n');
    const script = path.join(dir, 'model.py');
    const text = `${HEADER}from cellparams import *\ncell = SpatialNeuron(tree, 'Im = g_rest*(E_rest - v) : amp/meter**2')\ncell.v = E_rest\nrun(1*ms)\n`;
    const r = compile(script, text, 'lower');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.model!.constants.find((c) => c.name === 'E_rest')!.value).toBeCloseTo(-0.072, 15);
  });

  it('that build Brian2 objects are refused at the import', () => {
    const dir = tempDir('spatial-module-');
    writeFileSync(path.join(dir, 'helper.py'), 'from brian2 import *\nG = NeuronGroup(1, "v : 1")\n');
    const r = compile(path.join(dir, 'model.py'), 'from brian2 import *\nfrom helper import *\nH = NeuronGroup(1, "v : 1")\nrun(1*ms)\n', 'lower');
    const d = r.diagnostics.find((x) => x.severity === 'error')!;
    expect(d.message).toMatch(/helper\.py, which builds Brian2 objects/);
    expect(d.span!.line).toBe(2);
  });
});
