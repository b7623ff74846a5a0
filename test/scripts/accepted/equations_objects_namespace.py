from brian2 import *

tau = 10*ms
El = -70*mV
membrane = Equations('dv/dt = (El - v + I_syn)/tau_m : volt', tau_m=tau)
syn = Equations('''dI/dt = -I/tau_s : volt
                   tau_s : second (constant)''')
both = membrane + syn
renamed = Equations('dx/dt = -x/tau : 1', x='y')
eqs = both + renamed + Equations('I_syn = I : volt')
G = NeuronGroup(3, eqs, threshold='v>-50*mV', reset='v=El', namespace={'El': -65*mV, 'tau': 5*ms},
                method='euler')
G.tau_s = [1, 2, 3]*ms
G.y = 'i*0.1'
H = NeuronGroup(2, model='''dv/dt = -v/tau : 1
                           ''', method='exact')
H.v = np.array([0.5, 1.0])
s = StateMonitor(G, ('v', 'I'), record=True)
r = PopulationRateMonitor(G)
net = Network(collect())
net.run(20*ms)
net.run(10*ms, namespace={'El': -60*mV, 'tau': 5*ms})
