# A heterogeneous LIF population built with helper functions, loops, comprehensions and f-strings.
from brian2 import NeuronGroup, StateMonitor, SpikeMonitor, run, ms, mV, nA, Mohm, second, defaultclock
from brian2 import *
import numpy as np
import numpy
from numpy import linspace as lsp, pi
from brian2.units import *
from brian2.units.allunits import meter, um2
import brian2.numpy_ as bnp
from math import sqrt as msqrt, exp
import math

defaultclock.dt = 0.05*ms
start_scope()
seed(4321)

N, M = 10, 5
a, *rest = [1, 2, 3]
(tau, tau_w), V_r = (10*ms, 100*ms), -70*mV
x = 3
x += 2
x **= 2
x //= 4
x -= 1
V_t = -50*mV
V_t -= 2*mV
area = 20000*um2
gL = 0.1*msiemens/cmeter**2 * area
Cm = 1*ufarad*cm**-2 * area
length = 10*metre + 5*meter + 3*umetre + 2*um
params = {'tau': tau, 'V_r': V_r}
taus = [k*ms for k in range(1, N+1)]
squares = {k: k**2 for k in range(4)}
odd = {k for k in range(10) if k % 2}
gen_total = sum(k for k in range(5))
sub = taus[:3]
last = taus[-1]
rev = taus[::-1]
stepped = np.arange(20)[2:10:2]
arr = np.linspace(0, 1, N)
arr2 = lsp(0, 1, N)
lin = numpy.ones(N)*mV
mat = np.zeros((3, 4))
name = f"pop_{N}"
label = "tau={:.1f} ms".format(tau/ms)
msg = 'N=%d' % N
print(f'building {name} with tau = {tau}')
print('x', x, sep=' ')

def make_eqs(kind='lif', noisy=False, *extra, **kw):
    base = '''
    dv/dt = (V_r - v + R*I)/tau : volt (unless refractory)
    I : amp
    '''
    if noisy:
        base += 'dnoise/dt = -noise/tau + xi/sqrt(tau) : 1\n'
    return base

def scale(values, factor=2):
    return [v*factor for v in values]

R = 50*Mohm
eqs = make_eqs(noisy=False)
G = NeuronGroup(N, eqs, threshold='v > V_t', reset='v = V_r', refractory=2*ms, method='exact', name=name)
G.v = V_r
G.I = 'rand()*0.5*nA'
G.I[0] = 0.1*nA
G.I[2:5] = 0.3*nA
for k in range(N):
    if k % 2 == 0:
        G.I[k] = 0.2*nA + k*0.01*nA
    elif k == 3:
        continue
    else:
        pass
G.v = V_r + rand(N)*5*mV
G.v = V_r + randn(N)*1*mV
mon = StateMonitor(G, 'v', record=[0, 1])
spk = SpikeMonitor(G)
scaled = scale([1, 2, 3])
T = 100*ms if N > 5 else 50*ms
run(T, report='text')
print(spk.count[:])
