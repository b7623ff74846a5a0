"""Run a Brian2 model script with Brian2 itself (the reference side of `brian2lava verify`).

    python brian2_run.py MODEL.py --results OUT.json [--seed N]

The script runs unchanged: what only makes sense for the transpiler is neutralised first
(`import brian2lava` finds an empty module, `set_device('lava', ...)` keeps Brian2's runtime device),
plotting is inert (no windows, no figure files), and Brian2 uses its numpy code generation so
nothing is compiled (`set_device('cpp_standalone')` keeps the runtime device too). Process pools
(multiprocessing.Pool, ProcessPoolExecutor, joblib.Parallel) make their calls serially in this
process, as the converter evaluates them, so the monitors made in those calls are collected.
Afterwards every monitor that took part in a run is written in the
brian2lava-results/1 format (SI units), under a provisional key ("#0", "#1", ... in the order of
creation), with what the key rule of src/2-model/monitor-keys.ts needs in "naming": the names bound to
it when its first run() started (as that run() saw them: the module's names, then the locals of the
function calling run()), its places in lists/tuples/dicts held by those names, and Brian2's name as
the converter computes it (`name=`, or the n-th automatic name of its kind, whatever names Brian2
reused after objects were freed). brian2lava then renames
the monitors by that rule (src/run/brian2-reference.ts), so both sides use the same keys.

On failure one JSON line `BRIAN2LAVA-ERROR {...}` on stderr names the exception and the line of the
script where it happened; the exit status is then 1.
"""
import argparse
import json
import os
import sys
import time
import traceback
import types


class _Inert:
    """Accepts any attribute access and call and does nothing (plotting without matplotlib)."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self

    def __call__(self, *args, **kwargs):
        return self

    def __iter__(self):
        return iter((self, self))

    def __getitem__(self, key):
        return self


def _inert_module(name):
    module = types.ModuleType(name)

    def attribute(attr):
        if attr.startswith("__"):  # module protocol (__file__, __path__, ...): really absent
            raise AttributeError(attr)
        return _Inert()

    module.__getattr__ = attribute
    return module


def make_plotting_inert():
    """Figures are drawn off screen and never shown or saved; without matplotlib, stand-ins.

    Called after `import brian2`: libraries that probe for matplotlib (Brian2 does) must see the
    truth, only the script gets the stand-ins.
    """
    os.environ["MPLBACKEND"] = "Agg"
    try:
        import matplotlib

        matplotlib.use("Agg", force=True)
        import matplotlib.pyplot as plt
        from matplotlib.figure import Figure
    except ImportError:
        for name in ("matplotlib", "matplotlib.pyplot", "pylab"):
            sys.modules[name] = _inert_module(name)
            sys.modules[name].__version__ = "0+inert"
        sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]
        return
    nothing = lambda *args, **kwargs: None  # noqa: E731
    for name in ("show", "pause", "savefig", "ion", "draw"):
        setattr(plt, name, nothing)
    Figure.savefig = nothing


def neutralise_devices(brian2):
    """`import brian2lava` and `set_device('lava', ...)` mean "transpile me": ignore them here.

    `set_device('cpp_standalone', ...)` also keeps the runtime device (numpy, as everything here): the
    results are the same for a deterministic model, nothing is compiled, and the monitors stay readable
    after the script's `device.reinit()` (a standalone device forgets its results there, before this
    runner writes them). The standalone device's own calls (build, reinit, activate, delete) do nothing.
    """
    import brian2.devices.device  # noqa: F401  (brian2.devices.device is shadowed by the device proxy)

    device_module = sys.modules["brian2.devices.device"]

    if "brian2lava" not in sys.modules:
        sys.modules["brian2lava"] = _inert_module("brian2lava")
    original = device_module.set_device

    def set_device(device, *args, **kwargs):
        name = device if isinstance(device, str) else type(device).__name__
        if str(name).lower().startswith("lava") or str(name).lower() in ("cpp_standalone", "cppstandalonedevice"):
            return None
        return original(device, *args, **kwargs)

    def nothing(self, *args, **kwargs):
        return None

    for method in ("build", "reinit", "delete"):  # activate() stays: it makes the runtime device current
        setattr(device_module.RuntimeDevice, method, nothing)

    for holder in (device_module, brian2, sys.modules.get("brian2.devices")):
        if holder is not None and hasattr(holder, "set_device"):
            holder.set_device = set_device


class SerialPool:
    """multiprocessing.Pool run in this process, one call after the other in the order of the inputs
    (the converter evaluates pools the same way): the monitors the calls create are then this
    process's, where the runner collects them; each call still builds and runs its own network."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map(self, func, iterable, chunksize=None):
        return [func(x) for x in iterable]

    def imap(self, func, iterable, chunksize=1):
        return iter(self.map(func, iterable))

    imap_unordered = imap

    def starmap(self, func, iterable, chunksize=None):
        return [func(*x) for x in iterable]

    def apply(self, func, args=(), kwds=None):
        return func(*args, **(kwds or {}))

    def apply_async(self, func, args=(), kwds=None, callback=None, error_callback=None):
        value = func(*args, **(kwds or {}))
        if callback is not None:
            callback(value)
        return _Ready(value)

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        value = self.map(func, iterable)
        if callback is not None:
            callback(value)
        return _Ready(value)

    def close(self):
        pass

    def join(self):
        pass

    def terminate(self):
        pass


class _Ready:
    def __init__(self, value):
        self.value = value

    def get(self, timeout=None):
        return self.value

    def wait(self, timeout=None):
        pass

    def ready(self):
        return True

    def successful(self):
        return True


class SerialExecutor:
    """concurrent.futures.ProcessPoolExecutor run in this process (see SerialPool)."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def submit(self, func, *args, **kwargs):
        import concurrent.futures

        future = concurrent.futures.Future()
        try:
            future.set_result(func(*args, **kwargs))
        except BaseException as exc:  # raised by result(), as a worker's error is
            future.set_exception(exc)
        return future

    def map(self, func, *iterables, timeout=None, chunksize=1):
        return iter([func(*args) for args in zip(*iterables)])

    def shutdown(self, wait=True, cancel_futures=False):
        pass


def make_pools_serial():
    """Process pools (multiprocessing.Pool, concurrent.futures.ProcessPoolExecutor, joblib.Parallel) run
    their calls here, serially: see SerialPool."""
    import concurrent.futures
    import multiprocessing
    import multiprocessing.pool

    multiprocessing.Pool = SerialPool
    multiprocessing.pool.Pool = SerialPool
    concurrent.futures.ProcessPoolExecutor = SerialExecutor
    try:
        import joblib
    except ImportError:
        return
    original = joblib.Parallel

    class SerialParallel(original):
        def __init__(self, n_jobs=None, backend=None, *args, **kwargs):
            super().__init__(1, "sequential", *args, **kwargs)

    joblib.Parallel = SerialParallel


def si_list(values):
    import numpy as np

    return np.asarray(values, dtype=float).tolist()


def monitor_result(monitor):
    """One monitor in the brian2lava-results/1 layout, or None for other objects."""
    from brian2 import PopulationRateMonitor, SpikeMonitor, StateMonitor

    if isinstance(monitor, SpikeMonitor):
        return {"type": "SpikeMonitor", "source": monitor.source.name,
                "i": [int(k) for k in monitor.i[:]], "t": si_list(monitor.t[:])}
    if isinstance(monitor, StateMonitor):
        return {"type": "StateMonitor", "source": monitor.source.name,
                "record": [int(k) for k in monitor.record],
                "t": si_list(monitor.t[:]),
                "variables": {name: si_list(getattr(monitor, name)[:]) for name in monitor.record_variables}}
    if isinstance(monitor, PopulationRateMonitor):
        return {"type": "PopulationRateMonitor", "source": monitor.source.name,
                "t": si_list(monitor.t[:]), "rate": si_list(monitor.rate[:])}
    return None


PATH_DEPTH = 3  # as src/2-model/monitor-keys.ts


def path_step(key):
    if isinstance(key, str):
        return "['%s']" % key.replace("\\", "\\\\").replace("'", "\\'")
    return "[%d]" % key


def paths_in(value, target, prefix, depth, out):
    """Places of `target` in lists, tuples and dicts (str or int keys), depth-first in item order."""
    if depth == 0:
        return
    if isinstance(value, (list, tuple)):
        items = [(path_step(k), item) for k, item in enumerate(value)]
    elif isinstance(value, dict):
        items = [(path_step(k), item) for k, item in value.items() if isinstance(k, str) or type(k) is int]
    else:
        return
    for step, item in items:
        if item is target:
            out.append(prefix + step)
        else:
            paths_in(item, target, prefix + step, depth - 1, out)


class MonitorTracker:
    """Which monitors the script creates (in order, with Brian2's name as the converter gives it) and
    which names refer to each one when the first run() it takes part in starts."""

    def __init__(self, script):
        self.script = script
        self.created = []  # [monitor, brian2_name, named]
        self.counters = {}
        self.depth = 0
        self.naming = {}  # id(monitor) -> {"names": [...], "paths": [...]}
        self.ran = []  # monitors in the order they first ran

    def install(self, brian2):
        import inspect
        from brian2.core.network import Network
        from brian2.monitors.spikemonitor import EventMonitor

        monitor_classes = {brian2.SpikeMonitor, brian2.StateMonitor, brian2.PopulationRateMonitor, EventMonitor}
        for cls in monitor_classes:
            self.wrap_init(cls, inspect)
        # Network.before_run, not Network.run: run() finds the script's names by counting stack frames
        # (its `level`), which a wrapper around it would shift.
        original_before_run = Network.before_run
        tracker = self

        def before_run(net, *args, **kwargs):
            tracker.before_run(net)
            return original_before_run(net, *args, **kwargs)

        before_run.__wrapped__ = original_before_run
        Network.before_run = before_run

    def wrap_init(self, cls, inspect):
        original = cls.__dict__["__init__"]
        signature = inspect.signature(original)
        tracker = self

        def __init__(obj, *args, **kwargs):
            outermost = tracker.depth == 0
            tracker.depth += 1
            try:
                original(obj, *args, **kwargs)
            finally:
                tracker.depth -= 1
            if outermost:
                try:
                    bound = signature.bind(obj, *args, **kwargs)
                    bound.apply_defaults()
                    name = bound.arguments.get("name")
                except TypeError:
                    name = None
                if not isinstance(name, str):
                    name = signature.parameters["name"].default
                tracker.created.append([obj, tracker.brian2_name(name), not name.endswith("*")])

        cls.__init__ = __init__

    def brian2_name(self, requested):
        """`name=` as given; a pattern `base*` (Brian2's default) is `base`, `base_1`, ... by count."""
        if not requested.endswith("*"):
            return requested
        base = requested[:-1]
        n = self.counters.get(base, 0)
        self.counters[base] = n + 1
        return base if n == 0 else "%s_%d" % (base, n)

    def caller_namespace(self):
        """The names run() sees: the module's, then the locals of the script function that called it."""
        frame = sys._getframe(2)
        while frame is not None and os.path.abspath(frame.f_code.co_filename) != self.script:
            frame = frame.f_back
        if frame is None:
            return {}
        namespace = dict(frame.f_globals)
        if frame.f_locals is not frame.f_globals:
            namespace.update(frame.f_locals)
        return namespace

    def before_run(self, net):
        from brian2.monitors.ratemonitor import PopulationRateMonitor
        from brian2.monitors.spikemonitor import EventMonitor
        from brian2.monitors.statemonitor import StateMonitor

        new = [obj for obj in net.objects if isinstance(obj, (EventMonitor, StateMonitor, PopulationRateMonitor)) and id(obj) not in self.naming]
        if not new:
            return
        self.record_naming(new, self.caller_namespace())

    def record_naming(self, monitors, namespace):
        for monitor in monitors:
            names, paths = [], []
            for name, value in namespace.items():
                if name.startswith("__"):  # Python's own (__builtins__, ...), never the script's variables
                    continue
                if value is monitor:
                    names.append(name)
                else:
                    paths_in(value, monitor, name, PATH_DEPTH, paths)
            self.naming[id(monitor)] = {"names": names, "paths": paths}
            self.ran.append(monitor)

    def results(self, module_namespace):
        """Every monitor that ran, in creation order, under provisional keys "#k", and its naming. A
        script that never ran: every monitor it made, named by the module's names at its end."""
        monitors, naming = {}, []
        if not self.ran:
            self.record_naming([m[0] for m in self.created], module_namespace)
        ran = {id(m) for m in self.ran}
        for k, (monitor, brian2_name, named) in enumerate(m for m in self.created if id(m[0]) in ran):
            result = monitor_result(monitor)
            if result is None:
                continue
            key = "#%d" % k
            monitors[key] = result
            entry = dict(self.naming[id(monitor)])
            entry.update({"monitor": key, "brian2Name": brian2_name, "named": named})
            naming.append(entry)
        return monitors, naming


def report_error(exc, script):
    """The exception and the innermost line of the user's script that led to it."""
    frames = traceback.extract_tb(exc.__traceback__)
    mine = [f for f in frames if os.path.abspath(f.filename) == script]
    where = None
    if mine:
        f = mine[-1]
        where = {"line": f.lineno, "code": (f.line or "").strip()}
    info = {"type": type(exc).__name__, "message": str(exc).strip().splitlines()[0] if str(exc).strip() else "",
            "where": where, "traceback": traceback.format_exc()}
    sys.stderr.write("BRIAN2LAVA-ERROR " + json.dumps(info) + "\n")


def write_json(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run a Brian2 script with Brian2 and write its monitors.")
    ap.add_argument("model")
    ap.add_argument("--results", required=True, help="brian2lava-results/1 file to write")
    ap.add_argument("--seed", type=int, default=None, help="call brian2.seed(N) before the script")
    args = ap.parse_args(argv)

    script = os.path.abspath(args.model)
    results = os.path.abspath(args.results)
    os.environ["MPLBACKEND"] = "Agg"
    import brian2

    make_plotting_inert()

    brian2.prefs.codegen.target = "numpy"
    brian2.prefs.logging.console_log_level = "WARNING"
    brian2.prefs.logging.file_log = False
    neutralise_devices(brian2)
    make_pools_serial()
    if args.seed is not None:
        brian2.seed(args.seed)
    tracker = MonitorTracker(script)
    tracker.install(brian2)

    with open(script, "rb") as fh:  # bytes: Python honours the script's coding line, as `python script.py` does
        code = compile(fh.read(), script, "exec")
    # A real __main__ module, as for `python script.py`: pickle (multiprocessing, joblib) finds the
    # script's functions and classes by looking them up in sys.modules["__main__"].
    main_module = types.ModuleType("__main__")
    main_module.__file__ = script
    main_module.__builtins__ = __builtins__
    sys.modules["__main__"] = main_module
    namespace = main_module.__dict__
    sys.argv = [script]
    # `python script.py` puts the script's folder first on the module path (`from params import *`).
    sys.path.insert(0, os.path.dirname(script))
    os.chdir(os.path.dirname(script))
    started = time.perf_counter()
    try:
        exec(code, namespace)
    except BaseException as exc:  # the script's own errors (also SystemExit), reported with their line
        if isinstance(exc, SystemExit) and not exc.code:
            pass
        else:
            report_error(exc, script)
            return 1
    wall = time.perf_counter() - started
    monitors, naming = tracker.results(namespace)
    write_json(results, {
        "format": "brian2lava-results/1",
        "producer": "brian2 %s (numpy)" % brian2.__version__,
        "dt": float(brian2.defaultclock.dt_),
        "t_end": float(brian2.defaultclock.t_[:]),
        "wall_s": wall,
        "seed": args.seed,
        "monitors": monitors,
        "naming": naming,
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
