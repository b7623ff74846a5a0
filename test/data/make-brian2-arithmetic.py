"""Truth table of Brian2's floating-point arithmetic, made by Brian2 2.5.4 and its sympy themselves.

    $B2PY test/data/make-brian2-arithmetic.py > test/data/brian2-arithmetic.json

Three parts, each random (fixed seeds) plus hand-picked cases:
- sympy: expression -> sympy_to_str(str_to_sympy(expression)), the canonical form and printing order
  every state updater goes through;
- codegen: expression (with a table of vector/scalar variables) -> Brian2's optimised expression as its
  numpy code generator writes it (ArithmeticSimplifier: collect, constant evaluation), loop invariants
  left inline;
- stateupdaters: equations + method -> the abstract code of Brian2's explicit state updaters.
src/3-lower/brian2-arithmetic/ must reproduce every line (test/lower/brian2-arithmetic.test.ts).
"""
import json
import random
import sys
import types

import numpy as np

from brian2 import Equations
from brian2.codegen.optimisation import ArithmeticSimplifier
from brian2.core.functions import DEFAULT_FUNCTIONS
from brian2.equations.refractory import add_refractoriness
from brian2.parsing.bast import brian_ast
from brian2.parsing.rendering import NodeRenderer
from brian2.parsing.sympytools import str_to_sympy, sympy_to_str
from brian2.stateupdaters.explicit import euler, rk2, rk4

# ----------------------------------------------------------------------------- sympy

SYMPY_HAND = [
    '0.025/(Gohm**3*pA**2)*(v - v_b)**3',
    '(gain*(v - v_rest)*(v - v_crit) - w + I_ext)/Cm',
    '(0.025/(Gohm**3)*(v - v_knee)**3)/(pA**2)*int(v >= v_knee)',
    '-v/tau', '(E_L - v + R*I)/tau', '0.04*v**2/mV + 5*v + 140*mV - u', 'a*(b*v - u)',
    'gL*Delta_T*exp((v - v_T)/Delta_T)', 'g*(E - v)', '2*v', '2.0*v', 'v/2', 'v/2.0', 'v/3', 'x**3',
    'x**3.0', 'x**0.5', '1/(1 + exp(-v))', 'sqrt(2/tau)', '(v - E)/(1 - exp(-(v - E)/k))', 'exprel(x)',
    'exprel((v + 40*mV)/(10*mV))', '-(v - E_L)/tau', 'v - 0.5*w + 0.1', '1 - x', '-1 + x', 'x - 1',
    'int(not_refractory)*(-v/tau)', 'clip(x, 0, 1)*y', 'rand()*x', 'abs(v)*g', 'floor(t/dt)', 'x*e',
    'pi*x*2', 'sin(2*pi*f*t)', 'cos(-x)', 'tanh(-x)', 'log(x/y)', 'exp(-x)*exp(x)', 'x**2*x**-1',
    '(a + b)**2', '(a*b)**2', '1/(a*b)', 'a/(b*c) + d', '-a/b', '-(a + b)', '-2*(a - b)', 'v_post + w',
    'x/(y**2*z)', 'k_on*c*(1 - h) - k_off*h', 'r*c**n/(c**n + K**n)', 'c**2/(c**2 + K**2)',
    'int((t % (50*second)) < 20*second)', 'int(((t + dt/2) % (50*second)) < 20*second)', '(x/2 + y) % (50*s)',
    '(2*x + 5*y) % (50*s)', '(2*x + 4*y) % (50*s)', 'x % y', '(x + y) % y', 't % dt', 'x % 3', '(0.5*x) % s',
    '(x**2 + 2*x) % (4*s)', 'k*(x % (3*s))**2 + x % (3*s)', 'abs(x - y*int(v > 1))', 'abs(-x + y*int(v > 1))',
    'sign(x - y*int(t % (5*s) < s))', 'abs(x - y*int(t % (5*s) < s))*sign(x - y*int(t % (5*s) < s))',
    'abs(x*int(v > 1) - 2*y)', 'abs(x + f(y))', 'abs(x + 2*rand())',
]
SYMPY_NAMES = ['v', 'w', 'x', 'tau', 'E_L', 'I', 'g', 't', 'dt', 'v_rest', 'a', 'b', 'C_m', 'gL', 'Vt', 'u',
               'tau_w', 'mV', 'nS', 'pA', 'ms', 'Gohm', 'i', 'N']
SYMPY_NUMS = ['0.5', '0.1', '2.5', '1e-3', '0.025', '3.7', '1.5e2', '0.04', '140.0', '5.0', '0.2', '1.0',
              '2.0', '0.3333', '65.0', '1e-05', '13.5', '1', '2', '3', '4', '5', '10', '6', '100']


def gen_sympy(rng, d):
    if d <= 0 or rng.random() < 0.25:
        return rng.choice(SYMPY_NAMES) if rng.random() < 0.6 else rng.choice(SYMPY_NUMS)
    r = rng.random()
    g = lambda: gen_sympy(rng, d - 1)
    if r < 0.2:
        return f'{g()} + {g()}'
    if r < 0.35:
        return f'{g()} - {g()}'
    if r < 0.55:
        return f'{g()}*{g()}'
    if r < 0.7:
        return f'{g()}/{g()}'
    if r < 0.78:
        return f'({g()})'
    if r < 0.83:
        return f'-{g()}'
    if r < 0.88:
        return f'({g()})**{rng.choice(["2", "3", "0.5", "-1", "2.0", "4"])}'
    if r < 0.96:
        return f'{rng.choice(["exp", "log", "sqrt", "sin", "cos", "tanh", "abs", "exprel", "floor", "sinh"])}({g()})'
    if r < 0.98:
        return f'int({g()} > {g()})'
    return f'clip({g()}, {g()}, {g()})'


def sympy_cases(n, seed):
    rng = random.Random(seed)
    exprs = list(SYMPY_HAND)
    seen = set(exprs)
    while len(exprs) < n:
        s = gen_sympy(rng, rng.choice([2, 3, 4, 5]))
        if s not in seen:
            seen.add(s)
            exprs.append(s)
    out = []
    for s in exprs:
        try:
            out.append({'expr': s, 'sympy': sympy_to_str(str_to_sympy(s))})
        except Exception:
            pass
    return out

# ----------------------------------------------------------------------------- codegen

CG_VARS = {
    'v': ('float', False), 'w': ('float', False), 'x': ('float', False), 'g': ('float', False), 'I': ('float', False),
    'i': ('integer', False), 'count': ('integer', False), 'flag': ('boolean', False),
    'tau': ('float', True), 'E_L': ('float', True), 'Cm': ('float', True), 'mV': ('float', True), 'ms': ('float', True),
    'nS': ('float', True), 'dt': ('float', True), 't': ('float', True), 'N': ('integer', True),
    'N_E': ('integer', True), 'a_shared': ('float', True),
}
CG_HAND = [
    'v > E_L - 0.1*nS*w', 'E_L + 2*mV', 'w + 0.5*nS*x', 'rand()*(E_L - Cm) + Cm',
    'int(v > E_L)*2.0', 'v*0.5', 'v/3', 'v/3.0', '-v/tau', 'dt*(E_L - v)/tau + v', '(1.0/tau)*(-v)',
    '2*x*3*v*4', 'tau*v*Cm*w', 'v - w - x - g', 'v/tau/Cm', '0*v + w', '1*v', 'v/1', 'v - 0', '0 + v',
    'exp(0.5)*v', 'exp(0)*v', '2**0.5*v', 'sqrt(2)*v', 'pi*2*v', 'e*v', '(v - w)/(v - w)', 'v*w/w',
    'i*2 + 1', 'i/2', 'count*1.0', '3 // 2 * v', '7 % 3 * v', '-2*v', '-(v + w)', 'N*v/N_E',
]
CG_NUMS = ['0.5', '0.1', '2.5', '1e-3', '0.025', '3.7', '150.0', '0.04', '140.0', '5.0', '0.2', '1.0', '2.0',
           '0.0', '1', '2', '3', '0', '10', '4', 'pi', 'e']


def gen_cg(rng, d):
    if d <= 0 or rng.random() < 0.25:
        return rng.choice(list(CG_VARS)) if rng.random() < 0.55 else rng.choice(CG_NUMS)
    r = rng.random()
    g = lambda: gen_cg(rng, d - 1)
    if r < 0.2:
        return f'{g()} + {g()}'
    if r < 0.35:
        return f'{g()} - {g()}'
    if r < 0.55:
        return f'{g()}*{g()}'
    if r < 0.68:
        return f'{g()}/{g()}'
    if r < 0.74:
        return f'({g()})'
    if r < 0.79:
        return f'-{g()}'
    if r < 0.84:
        return f'({g()})**{rng.choice(["2", "3", "0.5", "-1", "2.0"])}'
    if r < 0.95:
        f = rng.choice(['exp', 'log', 'sqrt', 'sin', 'abs', 'int', 'floor', 'tanh', 'clip', 'rand', 'exprel'])
        if f == 'clip':
            return f'clip({g()}, {g()}, {g()})'
        if f == 'rand':
            return 'rand()'
        if f == 'int':
            return f'int({g()} > {g()})'
        return f'{f}({g()})'
    return f'{g()} % {g()}' if rng.random() < 0.5 else f'{g()} // {g()}'


def codegen_cases(n, seed):
    dtypes = {'float': np.float64, 'integer': np.int32, 'boolean': bool}
    variables = {k: types.SimpleNamespace(dtype=dtypes[d], scalar=s) for k, (d, s) in CG_VARS.items()}
    variables.update(DEFAULT_FUNCTIONS)
    rng = random.Random(seed)
    exprs = list(CG_HAND)
    seen = set(exprs)
    while len(exprs) < n:
        s = gen_cg(rng, rng.choice([2, 3, 4, 5]))
        if s not in seen:
            seen.add(s)
            exprs.append(s)
    out = []
    for s in exprs:
        try:
            node = brian_ast(s, variables)
            if node.dtype == 'boolean' and s not in CG_HAND:
                continue
            out.append({'expr': s, 'optimised': NodeRenderer().render_node(ArithmeticSimplifier(variables).render_node(node))})
        except Exception:
            pass
    return {'variables': CG_VARS, 'cases': out}

# ----------------------------------------------------------------------------- state updaters

SU_HAND = [
    ('euler', [('v', 'differential', '(gain*(v - v_rest)*(v - v_crit) - w + I_ext)/Cm', False),
               ('w', 'differential', 'b_rate*(W_inf - w)', False),
               ('W_inf', 'subexpression', '(0.025/(Gohm**3)*(v - v_knee)**3)/(pA**2)*int(v >= v_knee)', False)]),
    ('rk4', [('v', 'differential', '(v - v**3/3 - w + I)/ms', False), ('w', 'differential', '(v + a - b*w)/(tau)', False)]),
    ('rk4', [('c', 'differential', 'J_in - J_out', False), ('h', 'differential', '(h_inf - h)/tau_h', False),
             ('J_in', 'subexpression', 'r_c*m_inf**3*h**3*(c_er - c)', False),
             ('m_inf', 'subexpression', 'ip3/(ip3 + d_1)*c/(c + d_5)', False),
             ('J_out', 'subexpression', 'v_er*c**2/(c**2 + K_er**2)', False),
             ('h_inf', 'subexpression', 'Q/(Q + c)', False)]),
    ('rk2', [('v', 'differential', '(-v + I)/tau', True), ('u', 'differential', '-u/tau_u', False)]),
    ('euler', [('v', 'differential', '(0.04*v**2/mV + 5*v + 140*mV - u + I)/ms', True), ('u', 'differential', 'a*(b*v - u)', False)]),
    ('rk4', [('v', 'differential', '(I_b*stim - v)/tau', False),
             ('stim', 'subexpression', 'int((t % (50*second)) < 20*second)', False)]),
    ('rk2', [('v', 'differential', '(I_b*int(((t + 3*ms) % (4*period)) < period) - v)/tau', False)]),
    ('rk4', [('I', 'differential', 'J_ex - I/tau', False),
             ('stim', 'subexpression', 'int((t % (50*second)) < 20*second)', False),
             ('dI', 'subexpression', 'I - I_b*stim', False),
             ('J_ex', 'subexpression', '-F/2*(1 + tanh((abs(dI) - I_th)/w_I))*sign(dI)', False)]),
]


def gen_su(rng, d, names):
    consts = ['tau', 'E_L', 'Cm', 'gL', 'a', 'b', 'I_ext', 'v_th', 'k']
    nums = ['0.5', '0.1', '2.5', '1e-3', '0.025', '3.7', '150.0', '0.04', '140.0', '5.0', '0.2', '2', '3', '4', '10']
    if d <= 0 or rng.random() < 0.25:
        r = rng.random()
        return rng.choice(names) if r < 0.45 else rng.choice(consts) if r < 0.75 else rng.choice(nums)
    r = rng.random()
    g = lambda: gen_su(rng, d - 1, names)
    if r < 0.2:
        return f'{g()} + {g()}'
    if r < 0.35:
        return f'{g()} - {g()}'
    if r < 0.55:
        return f'{g()}*{g()}'
    if r < 0.7:
        return f'{g()}/{g()}'
    if r < 0.78:
        return f'({g()})'
    if r < 0.82:
        return f'-{g()}'
    if r < 0.88:
        return f'({g()})**{rng.choice(["2", "3", "2.0"])}'
    if r < 0.96:
        return f'{rng.choice(["exp", "tanh", "sin", "sqrt", "log"])}({g()})'
    return f'int({g()} > {g()})'


def su_case(method, eqs):
    lines = []
    for name, kind, expr, ur in eqs:
        if kind == 'subexpression':
            lines.append(f'{name} = {expr} : 1')
        else:
            lines.append(f'd{name}/dt = {expr} : 1' + (' (unless refractory)' if ur else ''))
    E = Equations('\n'.join(lines))
    if any(ur for _, _, _, ur in eqs):
        E = add_refractoriness(E)
    code = {'euler': euler, 'rk2': rk2, 'rk4': rk4}[method](E)
    return {'method': method, 'equations': [{'name': n, 'kind': k, 'expr': e, 'ur': u} for n, k, e, u in eqs],
            'code': [line.split(' = ', 1) for line in code.split('\n')]}


def stateupdater_cases(n, seed):
    rng = random.Random(seed)
    out = []
    for method, eqs in SU_HAND:
        # units and constants as dimensionless names: only the arithmetic matters here
        out.append(su_case(method, eqs))
    while len(out) < n:
        dn = ['v', 'w', 'u'][:rng.choice([1, 1, 2, 2, 3])]
        sn = ['I_syn', 'g_tot'][:rng.choice([0, 0, 1, 2])]
        eqs = [(s, 'subexpression', gen_su(rng, rng.choice([1, 2, 3]), dn + sn[:k]), False) for k, s in enumerate(sn)]
        eqs += [(d, 'differential', f'({gen_su(rng, rng.choice([1, 2, 3, 4]), dn + sn)})/ms', rng.random() < 0.2) for d in dn]
        try:
            out.append(su_case(rng.choice(['euler', 'rk2', 'rk4']), eqs))
        except Exception:
            pass
    return out


if __name__ == '__main__':
    json.dump({
        'generator': 'test/data/make-brian2-arithmetic.py (Brian2 2.5.4, sympy 1.14)',
        'sympy': sympy_cases(700, 1),
        'codegen': codegen_cases(700, 2),
        'stateupdaters': stateupdater_cases(160, 3),
    }, sys.stdout, indent=0)
    sys.stdout.write('\n')
