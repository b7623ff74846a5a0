# The Python that model-building code uses, evaluated over known values.
from brian2 import *

n_pops, size = 3, 4
(tau_fast, tau_slow), v_reset = (5*ms, 20*ms), -65*mV
first, *others = [1.0, 2.0, 3.0]
count = 0
count += 2
count *= 3
count -= 1
count //= 2
count **= 2
scale = 1.0
scale /= 4
gains = [0.5*k for k in range(size) if k != 2]
table = {name: k*mV for k, name in enumerate(['a', 'b', 'c'])}
labels = {f'pop{k}' for k in range(n_pops)}
total = sum(x**2 for x in range(5))
pairs = [(i, j) for i in range(2) for j in range(2) if i <= j]
window = list(range(10))[2:8:2]
tail = gains[-1]
backwards = gains[::-1]
names = sorted(table.keys(), reverse=True)
best = max(gains, key=lambda g: -abs(g - 1))
zipped = dict(zip(['x', 'y'], [1, 2]))
k = 0
while k < 3:
    k += 1
    if k == 2:
        continue
else:
    k_done = True
for j in range(10):
    if j > 4:
        break
assert len(gains) == 3, 'three gains'
text = 'n=%d, tau=%.1f ms' % (size, tau_fast/ms) + ' ' + '{} cells'.format(size) + f' ({size:3d}, {scale:.2f})'
print(text, end='\n')

def membrane(tau_m, *extra_terms, noise=False, **constants):
    terms = ' + '.join(['(v_rest - v)'] + list(extra_terms))
    eq = f'dv/dt = ({terms})/{tau_m} : volt'
    if noise:
        eq += ' + sigma*xi*sqrt(2/tau_slow)'
    return eq + '\nv_rest : volt (constant)\n'

def make_group(n, tau_name='tau_fast', **kwargs):
    g = NeuronGroup(n, membrane(tau_name, 'I_ext'), method=kwargs.get('method', 'exact'),
                    threshold='v > -50*mV', reset='v = v_reset', **{'refractory': 2*ms})
    g.v_rest = -70*mV
    return g

I_ext = 1*mV
options = {'method': 'euler'}
groups = [make_group(size, **options) for _ in range(n_pops)]
for idx, g in enumerate(groups):
    g.v = v_reset + idx*mV
    g.v[0] = -60*mV if idx % 2 else -62*mV
    g.v[1:3] = table['b']
    g.v[np.array([3])] = -61*mV
mons = [SpikeMonitor(g) for g in groups[:2]]
net = Network(groups, mons)  # run() alone would not see objects kept only in lists
net.run(10*ms)
