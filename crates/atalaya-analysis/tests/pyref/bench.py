"""The reference side of `cargo bench -p atalaya-analysis`: each reference timed warm (one
untimed call, then one timed with time.perf_counter), on the inputs the benchmark wrote.

Input JSON: {"events_100k": [[x, y, t], ...], "events_20k": [...], "grid": {x0, y0, cell, nx, ny},
             "kde": {x0, y0, cell, nx, ny, bandwidth}, "delta", "tau", "permutations"}
Prints {"<case>": {"ms": milliseconds, ...results to check against ours}}.
"""
import json
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def warm_timed(f):
    f()
    start = time.perf_counter()
    result = f()
    ms = (time.perf_counter() - start) * 1000.0
    log(f"  {ms:.0f} ms")
    return ms, result


spec = json.load(open(sys.argv[1]))
ev100 = np.asarray(spec["events_100k"], dtype=float)
ev20 = np.asarray(spec["events_20k"], dtype=float)
delta, tau, perms = spec["delta"], spec["tau"], spec["permutations"]
out = {}


def gistar():
    from esda.getisord import G_Local
    from libpysal.weights import lat2W

    g = spec["grid"]
    col = np.floor((ev100[:, 0] - g["x0"]) / g["cell"])
    row = np.floor((ev100[:, 1] - g["y0"]) / g["cell"])
    inside = (col >= 0) & (row >= 0) & (col < g["nx"]) & (row < g["ny"])
    y = np.bincount((row[inside] * g["nx"] + col[inside]).astype(np.int64), minlength=g["nx"] * g["ny"])
    w = lat2W(g["ny"], g["nx"], rook=False)
    return G_Local(y.astype(float), w, transform="B", star=True, permutations=0).Zs


log("reference: Gi* (lat2W + G_Local)")
ms, zs = warm_timed(gistar)
out["gistar"] = {"ms": ms, "z": zs.tolist()}


def knox_class():
    from pointpats.spacetime import Knox

    return Knox(ev20[:, :2], ev20[:, 2:3], delta=delta, tau=tau, permutations=perms)


log("reference: pointpats.Knox on 20k events")
np.random.seed(1)
ms, k = warm_timed(knox_class)
out["knox_20k"] = {"ms": ms, "nst": int(k.nst), "p_sim": float(k.p_sim)}

n_fn = spec.get("knox_function_n", len(ev100))


def knox_function():
    from pointpats.spacetime import knox

    # knox shuffles the times it is given in place: give it a copy each call.
    return knox(ev100[:n_fn, :2], ev100[:n_fn, 2:3].copy(), delta=delta, tau=tau, permutations=perms)


log(f"reference: pointpats.knox on {n_fn} events, {perms} permutations")
ms, r = warm_timed(knox_function)
out["knox_function"] = {"ms": ms, "nst": int(r["stat"]), "n": n_fn}


def kde():
    from sklearn.neighbors import KernelDensity

    g = spec["kde"]
    xs = g["x0"] + (np.arange(g["nx"]) + 0.5) * g["cell"]
    ys = g["y0"] + (np.arange(g["ny"]) + 0.5) * g["cell"]
    cx, cy = np.meshgrid(xs, ys)
    cells = np.column_stack([cx.ravel(), cy.ravel()])
    model = KernelDensity(kernel="gaussian", bandwidth=g["bandwidth"]).fit(ev100[:, :2])
    return np.exp(model.score_samples(cells))


log("reference: scikit-learn KernelDensity, 100k points onto 10k cells")
ms, dens = warm_timed(kde)
out["kde"] = {"ms": ms, "density": dens.tolist()}

json.dump(out, sys.stdout)
