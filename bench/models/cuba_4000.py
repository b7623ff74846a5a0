# CUBA benchmark network: 4000 current-based LIF cells (80 % excitatory), connection probability 0.02
# (p = 80/N, so every cell receives about 80 synapses whatever N), 1 s of simulated time.
# The model, parameters and monitors are those of fixtures/22_cuba_large.py (Brian2's CUBA example);
# only N and p change. Used by bench/run-bench.mjs (npm run bench).
from brian2 import *
import brian2lava
set_device('lava', hardware='CPU', mode='flexible')

seed(109)
defaultclock.dt = 0.1*ms

n_all = 4000
n_exc = 3200
p_connect = 0.02
tau_m = 20*ms
tau_ex = 5*ms
tau_in = 10*ms
V_th = -50*mV
V_rs = -60*mV
E_leak = -49*mV
w_ex = 1.62*mV     # 60 * 0.27 / 10 mV
w_in = -9*mV       # -20 * 4.5 / 10 mV

cuba_eqs = '''
dv/dt = (ge + gi - (v - E_leak))/tau_m : volt (unless refractory)
dge/dt = -ge/tau_ex : volt
dgi/dt = -gi/tau_in : volt
'''

P = NeuronGroup(n_all, cuba_eqs, threshold='v > V_th', reset='v = V_rs',
                refractory=5*ms, method='exact')
P.v = 'V_rs + rand()*(V_th - V_rs)'
P.ge = 0*mV
P.gi = 0*mV

Pe = P[:n_exc]
Pi = P[n_exc:]

Ce = Synapses(Pe, P, on_pre='ge += w_ex')
Ce.connect(p=p_connect)
Ci = Synapses(Pi, P, on_pre='gi += w_in')
Ci.connect(p=p_connect)

cuba_spikes = SpikeMonitor(P)
cuba_rate = PopulationRateMonitor(P)
cuba_v = StateMonitor(P, 'v', record=[0, n_all - 1])

run(1*second)
