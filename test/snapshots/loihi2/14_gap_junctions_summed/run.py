"""Run the converted model for Loihi 2 and write results.json.

    python run.py [--results PATH] [--progress] [--sim]

Converted from 14_gap_junctions_summed.py by brian2lava 0.1.0.
With Intel's lava-loihi installed, it runs on Loihi 2 (Loihi2HwCfg); otherwise, or with --sim, it runs
the bit-accurate emulation of the same fixed-point processes on the CPU (Loihi2SimCfg, fixed_pt).
"""
import argparse
import os
import sys
import time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Run the converted Brian2 model on Loihi 2 or its bit-accurate CPU emulation.")
    ap.add_argument("--results", default=os.path.join(here, "results.json"), help="where to write the results")
    ap.add_argument("--progress", action="store_true", help="print progress lines on stderr")
    ap.add_argument("--sim", action="store_true", help="emulate on the CPU even when lava-loihi is installed")
    args = ap.parse_args()
    sys.path.insert(0, here)

    # Imported here: Lava imports every module of the package when it compiles, and sets the
    # multiprocessing start method itself.
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2HwCfg, Loihi2SimCfg
    from lava.utils import loihi

    from fixedpoint import runtime as _rt
    from lava_network.network import DT, EMULATION_MODELS, MAPPING, PARTS, PRODUCER, TOTAL_STEPS, build

    if args.sim:
        execution = {"backend": "loihi2", "mode": "emulation", "config": "Loihi2SimCfg(select_tag='fixed_pt')",
                     "why": "--sim asked for the CPU emulation"}
        cfg = Loihi2SimCfg(select_tag="fixed_pt", exception_proc_model_map=EMULATION_MODELS)
    elif loihi.is_installed():
        execution = {"backend": "loihi2", "mode": "hardware", "config": "Loihi2HwCfg()",
                     "why": "lava-loihi is installed"}
        cfg = Loihi2HwCfg()
    else:
        execution = {"backend": "loihi2", "mode": "emulation", "config": "Loihi2SimCfg(select_tag='fixed_pt')",
                     "why": "lava-loihi is not installed, so the bit-accurate emulation runs on the CPU"}
        cfg = Loihi2SimCfg(select_tag="fixed_pt", exception_proc_model_map=EMULATION_MODELS)
    print("brian2lava: %s: %s (%s)" % (execution["mode"], execution["config"], execution["why"]), flush=True)
    for group, where, why in MAPPING:
        print("brian2lava: %s: %s (%s)" % (group, where, why), flush=True)

    results = os.path.abspath(args.results)
    started = time.time()
    meta = {"producer": PRODUCER, "dt": DT, "started": started, "execution": execution}
    procs = build(results, execution, progress=args.progress)
    try:
        procs[0].run(condition=RunSteps(num_steps=TOTAL_STEPS), run_cfg=cfg)
    finally:
        procs[0].stop()
    if not os.path.exists(results) or os.path.getmtime(results) < started:
        _rt.merge(results, PARTS, meta)
    print("brian2lava: %d steps in %.2f s wall, results in %s" % (TOTAL_STEPS, time.time() - started, results))


if __name__ == "__main__":
    main()
