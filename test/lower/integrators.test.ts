// Per integration method: the lowered update, run by the test interpreter, evaluates to Brian2's
// documented formulas (stateupdaters/*.py; the coupled exact solutions as Brian2 2.5 prints them for the
// same equations), written here as plain numeric code, within 1e-12 relative at every step.

import { describe, expect, it } from 'vitest';
import { closeRel, lowerGroup, simulate } from '../helpers/lowering.js';
import { printExpr } from '../../src/symbolic/print.js';

const DT = 1e-4;

/** A deterministic sequence standing in for randn(). */
function normals(seed = 7): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    const u1 = (s + 1) / 2147483649;
    s = (s * 1103515245 + 12345) % 2147483648;
    const u2 = (s + 1) / 2147483649;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}

/** Compare a simulated trace (variable → step → neuron) with states from the reference update. */
function expectTrace(trace: number[][], reference: number[][], what: string, rel = 1e-12) {
  expect(trace.length).toBe(reference.length);
  trace.forEach((row, step) =>
    row.forEach((x, k) => {
      if (!closeRel(x, reference[step]![k]!, rel)) throw new Error(`${what}: step ${step}, neuron ${k}: ${x} vs ${reference[step]![k]} (Brian2's formula)`);
    }),
  );
}

/** Iterate a reference update `next(state, neuron)` from `init` and record before each step. */
function iterate<S extends Record<string, number>>(steps: number, init: S[], next: (s: S, k: number, step: number) => S): S[][] {
  const out: S[][] = [];
  let cur = init.map((s) => ({ ...s }));
  for (let step = 0; step < steps; step++) {
    out.push(cur);
    cur = cur.map((s, k) => next(s, k, step));
  }
  return out;
}

const column = <S extends Record<string, number>>(states: S[][], v: keyof S) => states.map((row) => row.map((s) => s[v] as number));

describe('exact', () => {
  it('one variable: A·v + A·b − b with A = exp(-dt/tau), M·b = B', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
El = -70*mV
G = NeuronGroup(3, '''dv/dt = (El - v + I)/tau : volt
I : volt''', method='exact')
run(1*ms)`);
    expect(group.method.name).toBe('exact');
    const I = [0, 0.005, 0.025];
    const r = simulate(group, model, { steps: 60, init: { v: [-0.07, -0.06, -0.05], I }, record: ['v'] });
    const tau = 0.01;
    const El = -0.07;
    const ref = iterate(60, [{ v: -0.07 }, { v: -0.06 }, { v: -0.05 }], (s, k) => {
      const A = Math.exp(-DT / tau);
      const b = -(El + I[k]!); // M·b = B with M = -1/tau, B = (El + I)/tau
      return { v: A * s.v + A * b - b };
    });
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
  });

  it("coupled, one-way (ge → v): Brian2's printed solution", () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
taum = 10*ms
taue = 3*ms
G = NeuronGroup(2, '''dv/dt = (ge - v)/taum : 1
dge/dt = -ge/taue : 1''', method='exact')
run(1*ms)`);
    expect(group.hoisted.some((h) => h.kind === 'propagator')).toBe(true);
    const r = simulate(group, model, { steps: 80, init: { v: [0, 0.2], ge: [1, 0.5] }, record: ['v', 'ge'] });
    const taum = 0.01;
    const taue = 0.003;
    const dt = DT;
    const ref = iterate(
      80,
      [
        { v: 0, ge: 1 },
        { v: 0.2, ge: 0.5 },
      ],
      ({ v, ge }) => ({
        ge: ge * Math.exp(-dt / taue),
        v: (ge * taue * (-Math.exp(dt / taue) + Math.exp(dt / taum)) * Math.exp(-dt / taue) * Math.exp(-dt / taum)) / (taue - taum) + v * Math.exp(-dt / taum),
      }),
    );
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
    expectTrace(r.trace.ge!, column(ref, 'ge'), 'ge');
  });

  it("coupled with feedback and an input: A·X + A·b − b with Brian2's symbolic A", () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
a = 0.5
G = NeuronGroup(2, '''dv/dt = (-v + a*w + I)/tau : 1
dw/dt = (a*v - w)/tau : 1
I : 1''', method='exact')
run(1*ms)`);
    const I = [0.3, -1.2];
    const r = simulate(group, model, { steps: 50, init: { v: [0.1, 0.4], w: [0, -0.3], I }, record: ['v', 'w'] });
    const tau = 0.01;
    const a = 0.5;
    const dt = DT;
    // Brian2 2.5: _v = v*(exp(2*a*dt/tau) + 1)*exp(-dt/tau)*exp(-a*dt/tau)/2 + w*(exp(2*a*dt/tau) - 1)*exp(-dt/tau)*exp(-a*dt/tau)/2
    const e = Math.exp(-dt / tau) * Math.exp((-a * dt) / tau);
    const A = [
      [((Math.exp((2 * a * dt) / tau) + 1) * e) / 2, ((Math.exp((2 * a * dt) / tau) - 1) * e) / 2],
      [((Math.exp((2 * a * dt) / tau) - 1) * e) / 2, ((Math.exp((2 * a * dt) / tau) + 1) * e) / 2],
    ];
    const ref = iterate(
      50,
      [
        { v: 0.1, w: 0 },
        { v: 0.4, w: -0.3 },
      ],
      ({ v, w }, k) => {
        // M = [[-1, a], [a, -1]]/tau, B = [I/tau, 0]; b solves M·b = B
        const det = (1 - a * a) / (tau * tau);
        const B0 = I[k]! / tau;
        const b = [-B0 / tau / det, ((-a / tau) * B0) / det];
        const Ab = [A[0]![0]! * b[0]! + A[0]![1]! * b[1]!, A[1]![0]! * b[0]! + A[1]![1]! * b[1]!];
        return { v: A[0]![0]! * v + A[0]![1]! * w + Ab[0]! - b[0]!, w: A[1]![0]! * v + A[1]![1]! * w + Ab[1]! - b[1]! };
      },
    );
    expectTrace(r.trace.v!, column(ref, 'v'), 'v', 1e-11);
    expectTrace(r.trace.w!, column(ref, 'w'), 'w', 1e-11);
  });

  it('three variables in a chain, split into a stand-alone part and a coupled block', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
tau2 = 4*ms
tau3 = 7*ms
G = NeuronGroup(1, '''dw/dt = -w/tau2 : 1
dx/dt = (w - x)/tau : 1
dz/dt = -z/tau3 : 1''', method='exact')
run(1*ms)`);
    // z stands alone (closed form), w and x form a block (propagator)
    expect(group.hoisted.filter((h) => h.kind === 'propagator')).toHaveLength(1);
    expect(group.hoisted.some((h) => h.kind === 'assign' && h.name === '_A_z')).toBe(true);
    const r = simulate(group, model, { steps: 40, init: { w: 1, x: 0.5, z: 2 }, record: ['w', 'x', 'z'] });
    const [tau, tau2, tau3, dt] = [0.01, 0.004, 0.007, DT];
    const ref = iterate(40, [{ w: 1, x: 0.5, z: 2 }], ({ w, x, z }) => ({
      w: w * Math.exp(-dt / tau2),
      // Brian2 2.5: _x = tau2*w*(-exp(dt/tau) + exp(dt/tau2))*exp(-dt/tau)*exp(-dt/tau2)/(tau - tau2) + x*exp(-dt/tau)
      x: (tau2 * w * (-Math.exp(dt / tau) + Math.exp(dt / tau2)) * Math.exp(-dt / tau) * Math.exp(-dt / tau2)) / (tau - tau2) + x * Math.exp(-dt / tau),
      z: z * Math.exp(-dt / tau3),
    }));
    for (const v of ['w', 'x', 'z'] as const) expectTrace(r.trace[v]!, column(ref, v), v);
  });

  it("(unless refractory) on part of a coupled block: Brian2's formula with int(not_refractory) = 1 and 0", () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
tau2 = 3*ms
El = -0.07
G = NeuronGroup(2, '''dv/dt = (El - v + w)/tau : 1
dw/dt = -w/tau2 : 1 (unless refractory)''', threshold='v > 100', refractory=5*ms, method='exact')
run(1*ms)`);
    const [tau, tau2, El, dt] = [0.01, 0.003, -0.07, DT];
    // neuron 1 is refractory for the whole run (it "spiked" at t = 0 and stays below the threshold)
    const r = simulate(group, model, { steps: 30, init: { v: [-0.06, -0.05], w: [0.02, 0.03], lastspike: [-1e4, 0] }, record: ['v', 'w'] });
    // Brian2 2.5 prints, with r = int(not_refractory):
    //   _v = El - El*exp(-dt/tau) + tau2*w*(-exp(dt/tau) + exp(dt*r/tau2))*exp(-dt/tau)*exp(-dt*r/tau2)/(tau*r - tau2) + v*exp(-dt/tau)
    //   _w = w*exp(-dt*r/tau2), written only where not refractory
    const next = ({ v, w }: { v: number; w: number }, refractory: boolean) => {
      const rr = refractory ? 0 : 1;
      const vNew =
        El -
        El * Math.exp(-dt / tau) +
        (tau2 * w * (-Math.exp(dt / tau) + Math.exp((dt * rr) / tau2)) * Math.exp(-dt / tau) * Math.exp((-dt * rr) / tau2)) / (tau * rr - tau2) +
        v * Math.exp(-dt / tau);
      return { v: vNew, w: refractory ? w : w * Math.exp((-dt * rr) / tau2) };
    };
    const ref = iterate(
      30,
      [
        { v: -0.06, w: 0.02 },
        { v: -0.05, w: 0.03 },
      ],
      (s, k, step) => next(s, k === 1 && step < 50),
    );
    expectTrace(r.trace.v!, column(ref, 'v'), 'v', 1e-11);
    expectTrace(r.trace.w!, column(ref, 'w'), 'w');
    expect(r.state.w![1]).toBe(0.03);
  });

  it('uses the second propagator only for variables that depend on an (unless refractory) one, and leaves out terms that are always zero', () => {
    const text = (body: string) => {
      const { group } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
G = NeuronGroup(2, '''${body}''', threshold='v > 100', refractory=5*ms, method='exact')
run(1*ms)`);
      return { group, update: Object.fromEntries(group.update.map((s) => [s.target, printExpr(s.expr)])) };
    };
    // v only receives from w: no variable depends on the frozen v, so one propagator suffices
    const sink = text('dv/dt = (w - v)/tau : 1 (unless refractory)\ndw/dt = -w/(3*ms) : 1');
    expect(sink.group.hoisted.filter((h) => h.kind === 'propagator')).toHaveLength(1);
    expect(sink.update._w).toBe('_A_w_w*w');
    expect(JSON.stringify(sink.group.update.filter((s) => s.target.startsWith('_')))).not.toContain('not_refractory');
    // I feeds v (frozen), v feeds u: only u chooses between the two propagators
    const chain = text('dv/dt = (I - v)/tau : 1 (unless refractory)\ndI/dt = -I/(4*ms) : 1\ndu/dt = (v - u)/(30*ms) : 1');
    expect(chain.group.hoisted.filter((h) => h.kind === 'propagator')).toHaveLength(2);
    expect(chain.update._I).toBe('_A_I_I*I');
    expect(chain.update._v).not.toContain('not_refractory');
    expect(chain.update._u).toMatch(/^int\(not_refractory\)\*\(.*\) \+ \(1 - int\(not_refractory\)\)\*\(_refA_u_I\*I \+ _refA_u_u\*u \+ _refA_u_v\*v\)$/);
  });
});

describe('euler', () => {
  it('x + dt*f(x, t) + g*dW with dW = dt**0.5*randn() per noise symbol', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
sigma = 0.5
f = 50*Hz
G = NeuronGroup(3, '''dv/dt = (sin(2*pi*f*t) - v)/tau + sigma*xi_a/sqrt(tau) : 1
dw/dt = (v - w)/tau + 0.2*xi_b/sqrt(tau) : 1''', method='euler')
run(1*ms)`);
    const rn = normals();
    const r = simulate(group, model, { steps: 40, init: { v: [0, 0.1, -0.2], w: 0.3 }, randn: rn, record: ['v', 'w'] });
    const rn2 = normals();
    const [tau, sigma, f, dt] = [0.01, 0.5, 50, DT];
    const ref: { v: number; w: number }[][] = [];
    let cur = [
      { v: 0, w: 0.3 },
      { v: 0.1, w: 0.3 },
      { v: -0.2, w: 0.3 },
    ];
    for (let step = 0; step < 40; step++) {
      ref.push(cur);
      const t = step * dt;
      const dWa = cur.map(() => dt ** 0.5 * rn2()); // xi_a for every neuron, then xi_b
      const dWb = cur.map(() => dt ** 0.5 * rn2());
      cur = cur.map(({ v, w }, k) => ({
        v: v + dt * ((Math.sin(2 * Math.PI * f * t) - v) / tau) + (sigma / Math.sqrt(tau)) * dWa[k]!,
        w: w + dt * ((v - w) / tau) + (0.2 / Math.sqrt(tau)) * dWb[k]!,
      }));
    }
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
    expectTrace(r.trace.w!, column(ref, 'w'), 'w');
  });
});

/** FitzHugh–Nagumo with a drive that depends on t: f(x, t) for the Runge-Kutta methods. */
const FHN = `
defaultclock.dt = 0.1*ms
tau = 1*ms
tauw = 12*ms
a = 0.7
b = 0.8
I0 = 0.6
f = 40*Hz
G = NeuronGroup(2, '''dv/dt = (v - v**3/3 - w + I0*sin(2*pi*f*t))/tau : 1
dw/dt = (v + a - b*w)/tauw : 1''', method='METHOD')
run(1*ms)`;
const fhn = (v: number, w: number, t: number) => ({
  v: (v - v ** 3 / 3 - w + 0.6 * Math.sin(2 * Math.PI * 40 * t)) / 1e-3,
  w: (v + 0.7 - 0.8 * w) / 12e-3,
});

describe('rk2 and rk4', () => {
  it('rk2: k = dt*f(x,t); x + dt*f(x + k/2, t + dt/2)', () => {
    const { group, model } = lowerGroup(FHN.replace('METHOD', 'rk2'));
    const r = simulate(group, model, { steps: 100, init: { v: [-1, 0.5], w: [0, 1] }, record: ['v', 'w'] });
    const ref = iterate(
      100,
      [
        { v: -1, w: 0 },
        { v: 0.5, w: 1 },
      ],
      ({ v, w }, _k, step) => {
        const t = step * DT;
        const f1 = fhn(v, w, t);
        const k = { v: DT * f1.v, w: DT * f1.w };
        const f2 = fhn(v + k.v / 2, w + k.w / 2, t + DT / 2);
        return { v: v + DT * f2.v, w: w + DT * f2.w };
      },
    );
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
    expectTrace(r.trace.w!, column(ref, 'w'), 'w');
  });

  it('rk4: the classic four stages at t, t + dt/2, t + dt/2, t + dt', () => {
    const { group, model } = lowerGroup(FHN.replace('METHOD', 'rk4'));
    const r = simulate(group, model, { steps: 100, init: { v: [-1, 0.5], w: [0, 1] }, record: ['v', 'w'] });
    const ref = iterate(
      100,
      [
        { v: -1, w: 0 },
        { v: 0.5, w: 1 },
      ],
      ({ v, w }, _k, step) => {
        const t = step * DT;
        const d1 = fhn(v, w, t);
        const k1 = { v: DT * d1.v, w: DT * d1.w };
        const d2 = fhn(v + k1.v / 2, w + k1.w / 2, t + DT / 2);
        const k2 = { v: DT * d2.v, w: DT * d2.w };
        const d3 = fhn(v + k2.v / 2, w + k2.w / 2, t + DT / 2);
        const k3 = { v: DT * d3.v, w: DT * d3.w };
        const d4 = fhn(v + k3.v, w + k3.w, t + DT);
        const k4 = { v: DT * d4.v, w: DT * d4.w };
        return { v: v + (k1.v + 2 * k2.v + 2 * k3.v + k4.v) / 6, w: w + (k1.w + 2 * k2.w + 2 * k3.w + k4.w) / 6 };
      },
    );
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
    expectTrace(r.trace.w!, column(ref, 'w'), 'w');
  });
});

describe('heun', () => {
  it("multiplicative noise with two symbols: Brian2's support point per (variable, noise symbol)", () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
sigma = 0.8
G = NeuronGroup(2, '''dv/dt = -v/tau + sigma*xi_1*tau**-0.5 + sigma*xi_2*tau**-0.5 : 1
dw/dt = -w/tau + w*sigma*xi_1*tau**-0.5 : 1''', method='heun')
run(1*ms)`);
    const r = simulate(group, model, { steps: 60, init: { v: [0.2, -0.1], w: [1, 0.5] }, randn: normals(3), record: ['v', 'w'] });
    const rn = normals(3);
    const [tau, sigma, dt] = [0.01, 0.8, DT];
    const ref: { v: number; w: number }[][] = [];
    let cur = [
      { v: 0.2, w: 1 },
      { v: -0.1, w: 0.5 },
    ];
    for (let step = 0; step < 60; step++) {
      ref.push(cur);
      const xi1 = cur.map(() => dt ** 0.5 * rn());
      const xi2 = cur.map(() => dt ** 0.5 * rn());
      // Brian2 2.5 for these equations:
      //   __x_support_w_xi_1 = sigma*w*xi_1/tau**0.5 + w
      //   __g_support_v_xi_1 = __g_support_v_xi_2 = sigma/tau**0.5
      //   __g_support_w_xi_1 = __x_support_w_xi_1*sigma/tau**0.5
      //   _v = 0.5*g_s_v_1*xi_1 + 0.5*g_s_v_2*xi_2 - dt*v/tau + 0.5*sigma*xi_1/tau**0.5 + 0.5*sigma*xi_2/tau**0.5 + v
      //   _w = 0.5*g_s_w_1*xi_1 - dt*w/tau + 0.5*sigma*w*xi_1/tau**0.5 + w
      cur = cur.map(({ v, w }, k) => {
        const [x1, x2] = [xi1[k]!, xi2[k]!];
        const xsw = (sigma * w * x1) / tau ** 0.5 + w;
        const gsv = sigma / tau ** 0.5;
        const gsw = (xsw * sigma) / tau ** 0.5;
        return {
          v: 0.5 * gsv * x1 + 0.5 * gsv * x2 - (dt * v) / tau + (0.5 * sigma * x1) / tau ** 0.5 + (0.5 * sigma * x2) / tau ** 0.5 + v,
          w: 0.5 * gsw * x1 - (dt * w) / tau + (0.5 * sigma * w * x1) / tau ** 0.5 + w,
        };
      });
    }
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
    expectTrace(r.trace.w!, column(ref, 'w'), 'w');
  });

  it('evaluates g at the support point and t + dt', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
f = 100*Hz
G = NeuronGroup(1, '''dv/dt = -v/tau + (1 + sin(2*pi*f*t))*v*xi/sqrt(tau) : 1''', method='heun')
run(1*ms)`);
    const r = simulate(group, model, { steps: 50, init: { v: 1 }, randn: normals(11), record: ['v'] });
    const rn = normals(11);
    const [tau, dt] = [0.01, DT];
    const g = (v: number, t: number) => ((1 + Math.sin(2 * Math.PI * 100 * t)) * v) / Math.sqrt(tau);
    const ref = iterate(50, [{ v: 1 }], ({ v }, _k, step) => {
      const t = step * dt;
      const dW = dt ** 0.5 * rn();
      const xs = v + g(v, t) * dW;
      return { v: v + dt * (-v / tau) + 0.5 * dW * (g(v, t) + g(xs, t + dt)) };
    });
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
  });
});

describe('milstein', () => {
  it('derivative-free Milstein with diagonal multiplicative noise, also through another variable', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
sigma = 0.6
G = NeuronGroup(2, '''dv/dt = -v/tau + v*sigma*xi*tau**-0.5 : 1
dw/dt = -w/tau + v*sigma*xi_b*tau**-0.5 : 1''', method='milstein')
run(1*ms)`);
    const r = simulate(group, model, { steps: 60, init: { v: [1, 0.4], w: [0, 0.2] }, randn: normals(5), record: ['v', 'w'] });
    const rn = normals(5);
    const [tau, sigma, dt] = [0.01, 0.6, DT];
    const ref: { v: number; w: number }[][] = [];
    let cur = [
      { v: 1, w: 0 },
      { v: 0.4, w: 0.2 },
    ];
    for (let step = 0; step < 60; step++) {
      ref.push(cur);
      const xi = cur.map(() => dt ** 0.5 * rn());
      const xib = cur.map(() => dt ** 0.5 * rn());
      cur = cur.map(({ v, w }, k) => {
        const [x, xb] = [xi[k]!, xib[k]!];
        // Brian2 2.5 (v): x_support = dt**0.5*sigma*v/tau**0.5 - dt*v/tau + v; g_support = x_support*sigma/tau**0.5
        //   __k_v_xi = g_support*xi**2/(2*dt**0.5) - sigma*v*xi**2/(2*dt**0.5*tau**0.5)
        const xsv = (dt ** 0.5 * sigma * v) / tau ** 0.5 - (dt * v) / tau + v;
        const kv = (((xsv * sigma) / tau ** 0.5 - (sigma * v) / tau ** 0.5) * x ** 2) / (2 * dt ** 0.5);
        // w's noise reads v: its support for xi_b is v + dt*f_v (v has no xi_b noise)
        const xsvb = v + dt * (-v / tau);
        const kw = (((xsvb * sigma) / tau ** 0.5 - (v * sigma) / tau ** 0.5) * xb ** 2) / (2 * dt ** 0.5);
        return {
          v: kv - (dt * v) / tau + (sigma * v * x) / tau ** 0.5 + v,
          w: kw - (dt * w) / tau + (v * sigma * xb) / tau ** 0.5 + w,
        };
      });
    }
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
    expectTrace(r.trace.w!, column(ref, 'w'), 'w');
  });
});

describe('exponential_euler', () => {
  it('Hodgkin-Huxley-like gating: _BA = B/A; -_BA + (_BA + x)*exp(A*dt)', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.01*ms
C = 1*uF
gL = 0.1*msiemens
gNa = 12*msiemens
EL = -65*mV
ENa = 50*mV
G = NeuronGroup(2, '''dv/dt = (gL*(EL - v) + gNa*m**3*(ENa - v))/C : volt
dm/dt = alpham*(1 - m) - betam*m : 1
alpham = 0.1/mV*(v + 40*mV)/(1 - exp(-(v + 40*mV)/(10*mV)))/ms : Hz
betam = 4*exp(-(v + 65*mV)/(18*mV))/ms : Hz''', method='exponential_euler')
run(1*ms)`);
    const dt = 1e-5;
    const r = simulate(group, model, { steps: 200, init: { v: [-0.065, -0.03], m: [0.05, 0.2] }, record: ['v', 'm'] });
    const [C, gL, gNa, EL, ENa] = [1e-6, 1e-4, 12e-3, -0.065, 0.05];
    const ref = iterate(
      200,
      [
        { v: -0.065, m: 0.05 },
        { v: -0.03, m: 0.2 },
      ],
      ({ v, m }) => {
        const alpham = ((0.1 / 1e-3) * (v + 0.04)) / (1 - Math.exp(-(v + 0.04) / 0.01)) / 1e-3;
        const betam = (4 * Math.exp(-(v + 0.065) / 0.018)) / 1e-3;
        const Am = -(alpham + betam);
        const BAm = alpham / Am;
        const Av = -(gL + gNa * m ** 3) / C;
        const BAv = (gL * EL + gNa * m ** 3 * ENa) / C / Av;
        return { v: -BAv + (BAv + v) * Math.exp(Av * dt), m: -BAm + (BAm + m) * Math.exp(Am * dt) };
      },
    );
    expectTrace(r.trace.v!, column(ref, 'v'), 'v', 1e-11);
    expectTrace(r.trace.m!, column(ref, 'm'), 'm', 1e-11);
  });

  it('A depending on x and B with x inside a function, as Brian2 accepts them', () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
G = NeuronGroup(1, '''dv/dt = -v/(1 + v)/tau : 1
du/dt = -u/tau + 0.1*exp(u)/tau : 1''', method='exponential_euler')
run(1*ms)`);
    const r = simulate(group, model, { steps: 30, init: { v: 0.8, u: 0.3 }, record: ['v', 'u'] });
    const [tau, dt] = [0.01, DT];
    // Brian2 2.5: _v = v*exp(-dt/(tau*v + tau)); _BA_u = -0.1*exp(u); _u = -_BA_u + (_BA_u + u)*exp(-dt/tau)
    const ref = iterate(30, [{ v: 0.8, u: 0.3 }], ({ v, u }) => {
      const BA = -0.1 * Math.exp(u);
      return { v: v * Math.exp(-dt / (tau * v + tau)), u: -BA + (BA + u) * Math.exp(-dt / tau) };
    });
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
    expectTrace(r.trace.u!, column(ref, 'u'), 'u');
  });

  it("(unless refractory): Brian2's _BA_v = -El, exponent with int(not_refractory), conditional write", () => {
    const { group, model } = lowerGroup(`
defaultclock.dt = 0.1*ms
tau = 10*ms
El = -70*mV
G = NeuronGroup(2, 'dv/dt = (El - v)/tau : volt (unless refractory)', threshold='v > 1*volt', refractory=3*ms, method='exponential_euler')
run(1*ms)`);
    const r = simulate(group, model, { steps: 40, init: { v: [-0.05, -0.04], lastspike: [-1e4, 0] }, record: ['v'] });
    const ref = iterate(40, [{ v: -0.05 }, { v: -0.04 }], ({ v }, k, step) => {
      const refractory = k === 1 && step < 30;
      const BA = -(-0.07);
      return { v: refractory ? v : -BA + (BA + v) * Math.exp((-DT * 1) / 0.01) };
    });
    expectTrace(r.trace.v!, column(ref, 'v'), 'v');
  });
});
