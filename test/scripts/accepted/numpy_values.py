# numpy-like values while building: arrays with units, random draws deferred to the generated project.
from brian2 import *
import numpy as np

seed(2024)
N = 20
defaultclock.dt = 0.1*ms
thresholds = np.linspace(-55, -45, N)*mV
offsets = np.arange(N)*0.1*mV
gains = np.ones(N)*1.5
mask = np.zeros(N, dtype=bool)
mask[::4] = True
weights = np.concatenate([np.full(N//2, 0.5), np.full(N - N//2, 1.5)])
tiled = np.tile([1, 2], N//2)
rep = np.repeat([0.1, 0.2], N//2)
clipped = np.clip(np.arange(N) - 5, 0, 10)
picked = np.where(mask, 1.0, 0.0)
mean_gain = np.mean(gains) + gains.sum()/N + float(np.max(weights)) + min(3, len(tiled)) + abs(-2)
eqs = '''
dv/dt = (E_L - v)/tau : volt
v_th : volt
gain : 1
tau : second
'''
E_L = -70*mV
G = NeuronGroup(N, eqs, threshold='v > v_th', reset='v = E_L', method='exact')
G.v_th = thresholds
G.gain = weights*gains
G.tau = (10 + rand(N)*5)*ms
G.v = offsets
G.v = 'v + E_L + randn()*2*mV'
G.v = E_L + randn(N)*2*mV
G.v[mask] = -60*mV
G.tau[:5] = np.random.uniform(8, 12, size=5)*ms
spikes = SpikeMonitor(G)
run(20*ms)
rates = spikes.count/(20*ms)
print(np.mean(rates))
