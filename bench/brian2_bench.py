"""Brian2's side of `npm run bench`: build or run a model script with Brian2's numpy runtime.

    PYTHON bench/brian2_bench.py MODEL.py --build     # every run(...) becomes run(0*ms)
    PYTHON bench/brian2_bench.py MODEL.py --run       # the script as written

The script is executed the way `brian2lava verify` executes it (python/brian2_run.py): `import
brian2lava` and `set_device('lava', ...)` are neutralised, plotting is inert, and Brian2 generates
numpy code (its default would pick Cython when a compiler is present). With --build, Brian2 still
does everything a run needs before its first step (objects, connect(), code generation,
initialisation) and the script's statements after the runs; only the time steps are skipped. An
error in those statements after a build (analysis of empty monitors) is reported in the JSON as
`after_runs_error`, not raised.

The last line on stdout is one JSON object: `loop_s` (Brian2's own wall time of its main loops, the
sum of `device._last_run_time` over the runs, i.e. without code generation), `runs`, `steps`, `spikes`
(all SpikeMonitors of the script's namespace), `synapses` (all Synapses objects) and `neurons`.
The whole-process wall time and memory are measured from outside by bench/run-bench.mjs.
"""
import argparse
import json
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--build", action="store_true", help="replace every run duration by 0*ms")
    mode.add_argument("--run", action="store_true", help="run the script as written")
    args = ap.parse_args()

    import brian2
    from brian2 import Network, SpikeMonitor, Synapses, NeuronGroup, prefs, second
    from brian2.devices.device import get_device

    import brian2_run  # python/brian2_run.py: the same neutralising as `brian2lava verify`

    brian2_run.neutralise_lava_device(brian2)
    brian2_run.make_plotting_inert()
    prefs.codegen.target = "numpy"

    stats = {"loop_s": 0.0, "runs": 0, "steps": 0}
    original_run = Network.run

    def run(self, duration, *a, **kw):
        if args.build:
            duration = 0 * second
        before = self.t_
        # One frame more between the script and Brian2's look-up of the script's names.
        kw["level"] = kw.get("level", 0) + 1
        result = original_run(self, duration, *a, **kw)
        stats["loop_s"] += float(getattr(get_device(), "_last_run_time", 0.0) or 0.0)
        stats["runs"] += 1
        stats["steps"] += int(round((self.t_ - before) / brian2.defaultclock.dt_))
        return result

    # MagicNetwork.run (the script's run()) calls Network.run, so one patch covers both.
    Network.run = run
    model = os.path.abspath(args.model)
    sys.argv = [model]
    try:
        namespace = runpy.run_path(model, run_name="__main__")
    except Exception as exc:
        # With --build, the script's analysis after its runs sees empty monitors and may fail (e.g.
        # smooth_rate() of no samples): the build itself is complete, so that is recorded, not fatal.
        if not (args.build and stats["runs"] > 0):
            raise
        stats["after_runs_error"] = "%s: %s" % (type(exc).__name__, exc)
        namespace = {}
    objects = list(namespace.values())
    stats["spikes"] = int(sum(m.num_spikes for m in objects if isinstance(m, SpikeMonitor)))
    stats["synapses"] = int(sum(len(s) for s in objects if isinstance(s, Synapses)))
    stats["neurons"] = int(sum(len(g) for g in objects if isinstance(g, NeuronGroup)))
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
