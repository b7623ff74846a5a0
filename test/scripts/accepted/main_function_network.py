# A model wrapped in main() with a Network, store/restore and analysis after the runs.
from brian2 import *
import numpy as np
import math

try:
    import brian2lava
except ImportError:
    pass

N_DEFAULT: int = 8

def build(n: int = N_DEFAULT, *, drive=1.2) -> tuple:
    """Build the group and its monitors."""
    global built_count
    built_count = 1
    params = dict(tau=10*ms, v_th=1.0, v_reset=0.0)
    eqs = Equations('dv/dt = (drive - v)/tau : 1 (unless refractory)', drive=drive)
    G = NeuronGroup(n, eqs, threshold='v > v_th', reset='v = v_reset', refractory=2*ms,
                    method='exact', namespace=params)
    G.v = 'rand()'
    phases = np.random.uniform(0, 1, size=n)
    G.v = phases
    weights = [w for w in map(lambda k: k*0.1, range(n))]
    flagged = list(filter(lambda w: w > 0.3, weights))
    for k, (w, name) in enumerate(zip(weights, 'abcdefgh')):
        if 0 < w < 0.25 and name in 'abc':
            G.v[k] = w
    spikes = SpikeMonitor(G)
    trace = StateMonitor(G, 'v', record=[0, n - 1])
    return G, spikes, trace

def main():
    np.random.seed(7)
    seed(7)
    defaultclock.dt = 0.1*ms
    steps = int(round(50*ms/defaultclock.dt))
    assert steps == 500, f'{steps!r} steps'
    G, spikes, trace = build(drive=1.5)
    net = Network(collect())
    net.add(spikes, trace)
    net.store('initial')
    net.run(25*ms)
    net.restore('initial')
    net.run(steps*defaultclock.dt)
    print(f"{spikes.num_spikes} spikes, period {2*math.pi/(10*Hz)}")
    x = trace.v[0]
    return x

if __name__ == '__main__':
    result = main()
