# Analysis inside a function after run(), and a loop where analysis feeds the next run.
from brian2 import *
import numpy as np
import matplotlib.pyplot as plt

def simulate(drive):
    G = NeuronGroup(5, 'dv/dt = (drive - v)/(10*ms) : 1', threshold='v > 1', reset='v = 0', method='exact')
    spikes = SpikeMonitor(G)
    run(100*ms)
    rates = spikes.count/(100*ms)
    mean_rate = np.mean(rates)
    trains = spikes.spike_trains()
    for k in range(len(trains)):
        isi = np.diff(trains[k]/ms)
    plt.plot(rates)
    return mean_rate

if __name__ == '__main__':
    r = simulate(1.5)
    print(r)
