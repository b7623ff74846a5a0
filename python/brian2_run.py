"""Run a Brian2 model script with Brian2 itself (the reference side of `brian2lava verify`).

    python brian2_run.py MODEL.py --results OUT.json [--seed N]

The script runs unchanged: what only makes sense for the transpiler is neutralised first
(`import brian2lava` finds an empty module, `set_device('lava', ...)` keeps Brian2's runtime device),
plotting is inert (no windows, no figure files), and Brian2 uses its numpy code generation so
nothing is compiled. Afterwards every monitor the script bound to a module-level name is written in
the brian2lava-results/1 format (SI units), keyed by that name, the same keys the Lava project uses.

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


def neutralise_lava_device(brian2):
    """`import brian2lava` and `set_device('lava', ...)` mean "transpile me": ignore them here."""
    import brian2.devices.device  # noqa: F401  (brian2.devices.device is shadowed by the device proxy)

    device_module = sys.modules["brian2.devices.device"]

    if "brian2lava" not in sys.modules:
        sys.modules["brian2lava"] = _inert_module("brian2lava")
    original = device_module.set_device

    def set_device(device, *args, **kwargs):
        name = device if isinstance(device, str) else type(device).__name__
        if str(name).lower().startswith("lava"):
            return None
        return original(device, *args, **kwargs)

    for holder in (device_module, brian2, sys.modules.get("brian2.devices")):
        if holder is not None and hasattr(holder, "set_device"):
            holder.set_device = set_device


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


def collect_monitors(namespace):
    found = {}
    for name, value in namespace.items():
        if name.startswith("_"):
            continue
        result = monitor_result(value)
        if result is not None:
            found[name] = result
    return found


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
    neutralise_lava_device(brian2)
    if args.seed is not None:
        brian2.seed(args.seed)

    with open(script) as fh:
        code = compile(fh.read(), script, "exec")
    namespace = {"__name__": "__main__", "__file__": script, "__builtins__": __builtins__}
    sys.argv = [script]
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

    write_json(results, {
        "format": "brian2lava-results/1",
        "producer": "brian2 %s (numpy)" % brian2.__version__,
        "dt": float(brian2.defaultclock.dt_),
        "t_end": float(brian2.defaultclock.t_[:]),
        "wall_s": wall,
        "seed": args.seed,
        "monitors": collect_monitors(namespace),
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
