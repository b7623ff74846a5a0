"""Run the converted model on Lava and write results.json.

    python run.py [--results PATH] [--progress] [--protocol async|loihi] [--seed N]

Converted from 10_synaptic_chain.py by brian2lava 0.1.0.
"""
import argparse
import os
import sys
import time


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description="Run the converted Brian2 model on Lava's CPU simulator.")
    ap.add_argument("--results", default=os.path.join(here, "results.json"), help="where to write the results")
    ap.add_argument("--progress", action="store_true", help="print progress lines on stderr")
    ap.add_argument("--protocol", choices=("async", "loihi"), default="async",
                    help="Lava's protocol for the network process: async (the process loops over the steps itself, "
                         "fastest) or loihi (Lava drives every step in lockstep); same results (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=None,
                    help="seed numpy's random generator at the start, as brian2.seed(N) before the script would "
                         "(the script's own seed() calls still reseed it); default: fresh entropy, recorded in the results")
    args = ap.parse_args()
    sys.path.insert(0, here)

    # Imported here: Lava imports every module of the package when it compiles, and sets the
    # multiprocessing start method itself.
    from lava.magma.core.run_conditions import RunSteps
    from lava.magma.core.run_configs import Loihi2SimCfg

    from lava_network.network import BrianNetwork, PyBrianNetworkAsyncModel, PyBrianNetworkModel
    from engine.simulation import Simulation, TOTAL_STEPS

    results = os.path.abspath(args.results)
    started = time.time()
    if TOTAL_STEPS == 0:
        Simulation(results, seed=args.seed).finish()
    else:
        net = BrianNetwork(results_path=results, progress=args.progress, seed=args.seed)
        try:
            # Both models carry the tag floating_pt: the map names the one to use.
            model = PyBrianNetworkAsyncModel if args.protocol == "async" else PyBrianNetworkModel
            cfg = Loihi2SimCfg(select_tag="floating_pt", exception_proc_model_map={BrianNetwork: model})
            net.run(condition=RunSteps(num_steps=TOTAL_STEPS), run_cfg=cfg)
        finally:
            net.stop()
    print("brian2lava: %d steps in %.2f s wall (%s protocol), results in %s" % (TOTAL_STEPS, time.time() - started, args.protocol, results))


if __name__ == "__main__":
    main()
