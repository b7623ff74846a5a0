"""Lava's own cost per time step, per process and per port, with no model work at all.

    PYTHON bench/lava_overhead.py [--steps N] [--json]

Every case builds Processes whose models do nothing in a step except move data through their
ports, runs them for N steps on Loihi2SimCfg, and reports the wall time of run() divided by N
(compilation and start-up are timed separately, they are paid once). The cases isolate:

- LoihiProtocol, 1 process: the barrier round trip (runtime service <-> process) of every step;
- LoihiProtocol, a sender and 1 or 3 receivers, joined by 1 or 4 ports each (vectors of 4000 floats,
  sent and received every step): the cost per process and per connection;
- AsyncProtocol, 1 process whose run_async loops over the steps itself: what is left without the barrier.

The generated project runs the whole Brian2 network in one process, so only the first and last rows
matter for it; the others price the alternative (one Lava process per Brian2 object).
"""
import argparse
import json
import time

import numpy as np

from lava.magma.core.decorator import implements, requires, tag
from lava.magma.core.model.py.model import PyAsyncProcessModel, PyLoihiProcessModel
from lava.magma.core.model.py.ports import PyInPort, PyOutPort
from lava.magma.core.model.py.type import LavaPyType
from lava.magma.core.process.ports.ports import InPort, OutPort
from lava.magma.core.process.process import AbstractProcess
from lava.magma.core.process.variable import Var
from lava.magma.core.resources import CPU
from lava.magma.core.run_conditions import RunSteps
from lava.magma.core.run_configs import Loihi2SimCfg
from lava.magma.core.sync.protocols.async_protocol import AsyncProtocol
from lava.magma.core.sync.protocols.loihi_protocol import LoihiProtocol

SIZE = 4000


class Idle(AbstractProcess):
    """A process with one Var and nothing to do."""

    def __init__(self, **kw):
        super().__init__(**kw)
        self.x = Var(shape=(1,), init=0)


@implements(proc=Idle, protocol=LoihiProtocol)
@requires(CPU)
@tag("floating_pt")
class PyIdle(PyLoihiProcessModel):
    x: np.ndarray = LavaPyType(np.ndarray, float)

    def run_spk(self):
        pass


class IdleAsync(AbstractProcess):
    def __init__(self, **kw):
        super().__init__(**kw)
        self.x = Var(shape=(1,), init=0)


@implements(proc=IdleAsync, protocol=AsyncProtocol)
@requires(CPU)
@tag("floating_pt")
class PyIdleAsync(PyAsyncProcessModel):
    x: np.ndarray = LavaPyType(np.ndarray, float)

    def run_async(self):
        for _ in range(self.num_steps):
            pass


class Sender(AbstractProcess):
    """Sends a vector of SIZE floats on each of its `ports` OutPorts every step."""

    def __init__(self, ports=1, **kw):
        super().__init__(ports=ports, **kw)
        self.out = [OutPort(shape=(SIZE,)) for _ in range(4)]
        for k, port in enumerate(self.out):
            setattr(self, "out%d" % k, port)


class Receiver(AbstractProcess):
    """Receives on each of its `ports` InPorts every step."""

    def __init__(self, ports=1, **kw):
        super().__init__(ports=ports, **kw)
        for k in range(4):
            setattr(self, "inp%d" % k, InPort(shape=(SIZE,)))


@implements(proc=Sender, protocol=LoihiProtocol)
@requires(CPU)
@tag("floating_pt")
class PySender(PyLoihiProcessModel):
    out0: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, float)
    out1: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, float)
    out2: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, float)
    out3: PyOutPort = LavaPyType(PyOutPort.VEC_DENSE, float)

    def run_spk(self):
        data = np.zeros(SIZE)
        for k in range(self.proc_params["ports"]):
            getattr(self, "out%d" % k).send(data)


@implements(proc=Receiver, protocol=LoihiProtocol)
@requires(CPU)
@tag("floating_pt")
class PyReceiver(PyLoihiProcessModel):
    inp0: PyInPort = LavaPyType(PyInPort.VEC_DENSE, float)
    inp1: PyInPort = LavaPyType(PyInPort.VEC_DENSE, float)
    inp2: PyInPort = LavaPyType(PyInPort.VEC_DENSE, float)
    inp3: PyInPort = LavaPyType(PyInPort.VEC_DENSE, float)

    def run_spk(self):
        for k in range(self.proc_params["ports"]):
            getattr(self, "inp%d" % k).recv()


def timed(procs, steps, model_map):
    """(start-up seconds, µs per step) of running `procs` (all connected or independent) for `steps`."""
    cfg = Loihi2SimCfg(select_tag="floating_pt", exception_proc_model_map=model_map)
    first = procs[0]
    t0 = time.perf_counter()
    try:
        first.run(condition=RunSteps(num_steps=1), run_cfg=cfg)  # compile, fork, one step
        t1 = time.perf_counter()
        first.run(condition=RunSteps(num_steps=steps), run_cfg=cfg)
        t2 = time.perf_counter()
    finally:
        first.stop()
    return t1 - t0, (t2 - t1) / steps * 1e6


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()
    rows = []

    start, us = timed([Idle()], args.steps, {Idle: PyIdle})
    rows.append({"case": "LoihiProtocol, 1 process, no ports", "processes": 1, "ports": 0, "startup_s": start, "us_per_step": us})

    for ports in (1, 4):
        for chain in (2, 4):
            # A sender and chain-1 receivers, each receiver joined to the sender by `ports` connections.
            sender = Sender(ports=ports)
            receivers = [Receiver(ports=ports) for _ in range(chain - 1)]
            for r in receivers:
                for k in range(ports):
                    getattr(sender, "out%d" % k).connect(getattr(r, "inp%d" % k))
            start, us = timed([sender] + receivers, args.steps, {Sender: PySender, Receiver: PyReceiver})
            rows.append({"case": "LoihiProtocol, %d processes, %d connection(s) of %d floats" % (chain, (chain - 1) * ports, SIZE),
                         "processes": chain, "ports": (chain - 1) * ports, "startup_s": start, "us_per_step": us})

    start, us = timed([IdleAsync()], args.steps, {IdleAsync: PyIdleAsync})
    rows.append({"case": "AsyncProtocol, 1 process looping over the steps", "processes": 1, "ports": 0, "startup_s": start, "us_per_step": us})

    if args.json:
        print(json.dumps({"steps": args.steps, "rows": rows}))
    else:
        for r in rows:
            print("%-70s %8.1f us/step  (start-up %.2f s)" % (r["case"], r["us_per_step"], r["startup_s"]))


if __name__ == "__main__":
    main()
