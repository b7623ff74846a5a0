# Equations objects joined with + and specialised with keyword substitutions; namespace= for constants.
from brian2 import *

leak = Equations('dv/dt = (E_L - v + I)/tau : volt (unless refractory)')
current = Equations('''
dI/dt = -I/tau_I : volt   # a filtered input
tau_I : second (constant)
''')
adaptation = Equations('dw/dt = -w/tau_w : volt', w='u', tau_w=200*ms)
model = leak + current
model += adaptation
G = NeuronGroup(3, model, threshold='v > V_T', reset='''v = E_L
u += 1*mV''', refractory=2*ms, method='euler',
                namespace={'E_L': -70*mV, 'tau': 10*ms, 'V_T': -52*mV})
G.tau_I = [2, 4, 6]*ms
G.v = '-70*mV + 2*mV*i'
G.I = 'rand()*20*mV'
H = NeuronGroup(2, leak + 'I : volt', threshold='v > -50*mV', reset='v = E_L', refractory='2*ms + 0*ms', method='exact')
H.I = 25*mV
E_L = -65*mV
tau = 20*ms
state = StateMonitor(G, ['v', 'I', 'u'], record=[0, 2])
rate = PopulationRateMonitor(H)
run(20*ms)
E_L = -60*mV
run(20*ms)
