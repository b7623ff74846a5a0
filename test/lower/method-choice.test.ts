// Method choice and refusals as Brian2 2.5 makes them (each case was run through Brian2): the default
// order exact → euler → heun, and each method's reasons for refusing equations.

import { describe, expect, it } from 'vitest';
import { lowerGroup, lowerScript } from '../helpers/lowering.js';

const PRELUDE = `
defaultclock.dt = 0.1*ms
tau = 10*ms
tau2 = 20*ms
sigma = 0.5
El = -70*mV
`;

function script(eqs: string, method: string | null, extra = ''): string {
  return `${PRELUDE}
G = NeuronGroup(2, '''${eqs}'''${method ? `, method=${/^[[(]/.test(method) ? method : `'${method}'`}` : ''}${extra})
run(1*ms)`;
}

/** The method chosen by default, or the error message. */
function choose(eqs: string, method: string | null = null, extra = ''): string {
  const r = lowerScript(script(eqs, method, extra));
  if (r.errors.length) return `error: ${r.errors.map((d) => `[${d.code}] ${d.message}`).join('; ')}`;
  return r.lowered!.groups[0]!.method.name;
}

describe('default choice (exact, euler, heun)', () => {
  it('linear → exact; non-linear → euler; additive noise → euler; multiplicative noise → heun', () => {
    expect(choose('dv/dt = (El - v)/tau : volt')).toBe('exact');
    expect(choose('dv/dt = -v**2/tau/volt : volt')).toBe('euler');
    expect(choose('dv/dt = -v/tau + sigma*xi/sqrt(tau) : 1')).toBe('euler');
    expect(choose('dv/dt = -v/tau + v*sigma*xi/sqrt(tau) : 1')).toBe('heun');
    // through a subexpression, as Brian2 substitutes before classifying
    expect(choose('dv/dt = -v/tau + I*sigma*xi/sqrt(tau) : 1\nI = 2*v : 1')).toBe('heun');
  });

  it('explains the choice with the refusals of the methods tried before', () => {
    const g = lowerGroup(script('dv/dt = -v/tau + v*sigma*xi/sqrt(tau) : 1', null)).group;
    expect(g.method.reason).toMatch(/exact \(the equations are stochastic/);
    expect(g.method.reason).toMatch(/euler \(the noise of v is multiplicative/);
  });

  it('tries a list of methods in order, as Brian2 does', () => {
    expect(choose('dv/dt = -v**2/tau/volt : volt', "['exact', 'rk4']")).toBe('rk4');
    expect(choose('dv/dt = -v/tau : volt', "['linear', 'rk4']")).toBe('exact');
    expect(choose('dv/dt = -v/tau + sigma*xi/sqrt(tau) : 1', "('exact', 'rk2')")).toMatch(/none of exact, rk2 accepts them/);
  });

  it('never picks exponential_euler, rk2, rk4 or milstein by itself', () => {
    expect(choose('dv/dt = -v/(1 + v)/tau : 1')).toBe('euler');
  });
});

describe('exact', () => {
  it('refuses noise, non-linear equations, t and random numbers, and picks euler instead', () => {
    expect(choose('dv/dt = -v/tau + sigma*xi/sqrt(tau) : 1', 'exact')).toMatch(/\[method-refused\].*stochastic/);
    expect(choose('dv/dt = -v**2/tau/volt : volt', 'exact')).toMatch(/not linear/);
    expect(choose('dv/dt = (El - v)/tau + t*volt/second**2 : volt', 'exact')).toMatch(
      /the term El\/tau \+ t in the equation of v is not constant over a time step/,
    );
    expect(choose('dv/dt = (El - v)/tau + rand()*volt/second : volt', 'exact')).toMatch(/not constant over a time step/);
    expect(choose('dv/dt = (El - v)/tau + t*volt/second**2 : volt')).toBe('euler');
  });

  it('refuses singular systems (dv/dt = I/C; a sum that does not decay) as Brian2 does', () => {
    expect(choose('dv/dt = I/(1*nF) : volt\nI : amp', 'exact')).toMatch(/singular/);
    expect(choose('dv/dt = I/(1*nF) : volt\nI : amp')).toBe('euler');
    expect(choose('dv/dt = (-v + w)/tau : 1\ndw/dt = (v - w)/tau : 1', 'exact')).toMatch(/singular/);
    expect(choose('dx/dt = y/tau : 1\ndy/dt = -y/tau : 1', 'exact')).toMatch(/singular/);
  });

  it('refuses oscillating systems that Brian2 finds complex, and falls back to euler', () => {
    expect(choose('dv/dt = -w/tau : 1\ndw/dt = v/tau : 1', 'exact')).toMatch(/oscillates.*complex/);
    expect(choose('dv/dt = (-v - w)/tau : 1\ndw/dt = (v - w)/tau : 1')).toBe('euler');
  });

  it('accepts coupled systems, with feedback, without feedback and with equal time constants under one name', () => {
    expect(choose('dv/dt = (ge - v)/tau : 1\ndge/dt = -ge/tau2 : 1')).toBe('exact');
    expect(choose('dv/dt = (ge - v)/tau : 1\ndge/dt = -ge/tau : 1')).toBe('exact');
    expect(choose('dv/dt = (-v + 0.5*w)/tau : 1\ndw/dt = (0.5*v - w)/tau : 1')).toBe('exact');
  });

  it("refuses as unreproducible what Brian2 accepts but evaluates to NaN for the script's values", () => {
    // equal time constants under two names: Brian2's formula divides by (taue - taum)
    const eq = lowerScript(`${PRELUDE}
taum = 10*ms
taue = 10*ms
G = NeuronGroup(1, '''dv/dt = (ge - v)/taum : 1
dge/dt = -ge/taue : 1''', method='exact')
run(1*ms)`);
    expect(eq.errors[0]?.code).toBe('unsupported');
    expect(eq.errors[0]?.message).toMatch(/equal eigenvalues.*NaN/);
    // an oscillation sympy cannot see symbolically: Brian2 takes sqrt of a negative number
    const osc = lowerScript(`${PRELUDE}
a = 0.5
tau1 = 10*ms
G = NeuronGroup(1, '''dv/dt = (-v - a*w)/tau1 : 1
dw/dt = (v - w)/tau2 : 1''')
run(1*ms)`);
    expect(osc.errors[0]?.message).toMatch(/oscillates.*NaN/);
    // uncoupled variables with equal time constants are fine (Brian2 solves each alone)
    expect(choose('dv/dt = -v/tau : 1\ndw/dt = -w/tau : 1', 'exact')).toBe('exact');
  });

  it('treats a TimedArray of t as constant over a step only when its dt is a multiple of the step', () => {
    const ta = (dt: string) => `${PRELUDE}
stim = TimedArray([0, 1, 2, 1]*mV, dt=${dt})
G = NeuronGroup(1, 'dv/dt = (El - v + stim(t))/tau : volt', method='exact')
run(1*ms)`;
    expect(lowerScript(ta('0.5*ms')).errors).toEqual([]);
    expect(lowerScript(ta('0.1*ms')).errors).toEqual([]);
    expect(lowerScript(ta('0.05*ms')).errors[0]?.message).toMatch(/not constant over a time step/);
    expect(lowerScript(ta('0.25*ms')).errors[0]?.message).toMatch(/not constant over a time step/);
    // as a coefficient: one variable alone is solved per step; a coupled block would need a matrix
    // exponential per step, which the converter does not generate
    const coef = `${PRELUDE}
gain = TimedArray([1, 2, 3, 2], dt=0.5*ms)
G = NeuronGroup(1, '''dv/dt = -gain(t)*v/tau : 1
dw/dt = (v - gain(t)*w)/tau2 : 1
du/dt = -gain(t)*u/tau : 1''', method='exact')
run(1*ms)`;
    const r = lowerScript(coef);
    expect(r.errors[0]?.code).toBe('unsupported');
    expect(r.errors[0]?.message).toMatch(/coupled variables v, w with the coefficient .*changes during a run/);
    expect(lowerScript(coef.replace('dw/dt = (v - gain(t)*w)/tau2 : 1\n', '')).errors).toEqual([]);
    // t shifted inside the call is not "t" any more
    expect(lowerScript(ta('0.5*ms').replace('stim(t)', 'stim(t - 1*ms)')).errors[0]?.message).toMatch(/not constant over a time step/);
  });

  it('with (unless refractory): accepts one-way coupling, refuses feedback (sympy cannot solve it)', () => {
    const ref = ", threshold='v > 1', refractory=2*ms";
    expect(choose('dv/dt = (-v + w)/tau : 1 (unless refractory)\ndw/dt = -w/tau2 : 1', 'exact', ref)).toBe('exact');
    expect(choose('dv/dt = (-v + w)/tau : 1\ndw/dt = -w/tau2 : 1 (unless refractory)', 'exact', ref)).toBe('exact');
    expect(choose('dv/dt = -v/tau : 1 (unless refractory)\ndw/dt = (v - w)/tau2 : 1', 'exact', ref)).toBe('exact');
    const feedback = 'dv/dt = (-v + 0.5*w)/tau : 1 (unless refractory)\ndw/dt = (v - w)/tau2 : 1';
    expect(choose(feedback, 'exact', ref)).toMatch(/coupled in both directions/);
    expect(choose(feedback.replace(' (unless refractory)', ''), 'exact', ref)).toBe('exact');
    expect(choose('dv/dt = (-v + 0.5*w)/tau : 1\ndw/dt = (v - w)/tau2 : 1\ndx/dt = -x/tau : 1 (unless refractory)', 'exact', ref)).toMatch(
      /coupled in both directions/,
    );
    expect(choose(feedback, null, ref)).toBe('euler');
  });
});

describe('explicit methods', () => {
  it('euler refuses multiplicative noise, heun and milstein accept it', () => {
    const eqs = 'dv/dt = -v/tau + v*sigma*xi/sqrt(tau) : 1';
    expect(choose(eqs, 'euler')).toMatch(/\[method-refused\].*multiplicative.*Cannot integrate equations with multiplicative noise/);
    expect(choose(eqs, 'heun')).toBe('heun');
    expect(choose(eqs, 'milstein')).toBe('milstein');
  });

  it("euler follows Brian2's classification: t in the noise is multiplicative, a TimedArray of t or rand() is not", () => {
    expect(choose('dv/dt = -v/tau + t/second*sigma*xi/sqrt(tau) : 1', 'euler')).toMatch(/multiplicative/);
    expect(choose('dv/dt = -v/tau + rand()*sigma*xi/sqrt(tau) : 1', 'euler')).toBe('euler');
    const ta = (dt: string) => `${PRELUDE}
amp = TimedArray([1, 2, 3], dt=${dt})
G = NeuronGroup(1, 'dv/dt = -v/tau + amp(t)*sigma*xi/sqrt(tau) : 1', method='euler')
run(1*ms)`;
    expect(lowerScript(ta('1*ms')).errors).toEqual([]);
    expect(lowerScript(ta('0.05*ms')).errors[0]?.message).toMatch(/multiplicative/);
  });

  it('rk2 and rk4 refuse any noise', () => {
    for (const m of ['rk2', 'rk4']) expect(choose('dv/dt = -v/tau + sigma*xi/sqrt(tau) : 1', m)).toMatch(/stochastic.*Cannot integrate stochastic equations/);
  });

  it('milstein needs diagonal noise (one symbol per equation, each symbol in one equation)', () => {
    expect(choose('dv/dt = -v/tau + sigma*xi_a/sqrt(tau) + xi_b/sqrt(tau) : 1', 'milstein')).toMatch(/more than one noise term.*non-diagonal/);
    expect(choose('dv/dt = -v/tau + sigma*xi_a/sqrt(tau) : 1\ndw/dt = xi_a/sqrt(tau) : 1', 'milstein')).toMatch(/xi_a appears in more than one equation/);
    expect(choose('dv/dt = -v/tau + sigma*xi_a/sqrt(tau) : 1\ndw/dt = xi_b/sqrt(tau) : 1', 'milstein')).toBe('milstein');
  });

  it('noise must enter linearly', () => {
    expect(choose('dv/dt = -v/tau + sigma*exp(xi*sqrt(ms))/tau : 1')).toMatch(/cannot be separated/);
  });
});

describe('exponential_euler', () => {
  it('refuses noise and equations that are not conditionally linear', () => {
    expect(choose('dv/dt = -v/tau + sigma*xi/sqrt(tau) : 1', 'exponential_euler')).toMatch(/stochastic/);
    expect(choose('dv/dt = -v**2/tau/volt : volt', 'exponential_euler')).toMatch(/not of the form A\*v \+ B/);
    expect(choose('dv/dt = abs(v)/tau : volt', 'exponential_euler')).toMatch(/not of the form/);
  });

  it('refuses the non-linear part that Brian2 would silently drop', () => {
    expect(choose('dv/dt = -v/tau + v**2/(tau*volt) : volt', 'exponential_euler')).toMatch(/silently drop/);
  });

  it('accepts what Brian2 accepts: x inside functions and denominators', () => {
    expect(choose('dv/dt = -v/(1 + v)/tau : 1', 'exponential_euler')).toBe('exponential_euler');
    expect(choose('dv/dt = -v/tau + exp(v)/tau : 1', 'exponential_euler')).toBe('exponential_euler');
    expect(choose('dv/dt = -v*int(v > 0)/tau : 1', 'exponential_euler')).toBe('exponential_euler');
  });
});

describe('checks Brian2 makes on the model', () => {
  it('refuses a subexpression with rand() unless it is (constant over dt)', () => {
    const r = lowerScript(script('dv/dt = (x - v)/tau : 1\nx = rand() : 1', null));
    expect(r.errors[0]?.message).toMatch(/subexpression 'x' calls rand\(\).*constant over dt/);
    expect(r.errors[0]?.span?.line).toBe(10); // the line of 'x = rand() : 1'
    expect(choose('dv/dt = (x - v)/tau : 1\nx = rand() : 1 (constant over dt)')).toBe('exact');
  });

  it('refuses shared subexpressions of per-neuron values and resets of shared variables', () => {
    expect(choose('dv/dt = -v/tau : 1\nc : 1 (shared)\ns = c*v : 1 (shared)')).toMatch(
      /'s' is shared \(one value for the group\), but this value differs between neurons: it uses 'v'/,
    );
    expect(choose('dv/dt = -v/tau : 1\nc : 1 (shared)', null, ", threshold='v > 1', reset='c = 2'")).toMatch(/\[read-only\] 'c' cannot be assigned here/);
    expect(choose('dv/dt = -v/tau + c/tau : 1\nc : 1 (shared, constant)')).toBe('exact');
  });

  it('ignores (unless refractory) without refractory=, with a warning, as Brian2 does', () => {
    const r = lowerScript(script('dv/dt = (El - v)/tau : volt (unless refractory)', 'euler'));
    expect(r.errors).toEqual([]);
    expect(r.diagnostics.some((d) => d.severity === 'warning' && d.code === 'flag-ignored')).toBe(true);
    const g = r.lowered!.groups[0]!;
    expect(JSON.stringify(g.update)).not.toContain('not_refractory');
  });
});
