"""Reference Knox statistics from pointpats, and a brute-force band table.

Input JSON: {"events": [[x, y, t], ...], "delta": d, "tau": t,
             "permuted_times": [[t...], ...],            # simulations to recount
             "spatial": [...], "temporal": [...]}         # optional: Near Repeat table limits
Prints pointpats.Knox (permutations=0) counts and tables, the deprecated pointpats.knox
statistic, Knox's NST for each given permutation of the times and, when band limits are given,
the observed band table counted by brute force with numpy for the observed and permuted times.
"""
import json
import sys
import warnings

import numpy as np
from pointpats.spacetime import Knox, knox

warnings.filterwarnings("ignore")

spec = json.load(open(sys.argv[1]))
ev = np.asarray(spec["events"], dtype=float)
s, t = ev[:, :2], ev[:, 2:3]
delta, tau = spec["delta"], spec["tau"]

k = Knox(s, t, delta=delta, tau=tau, permutations=0)
legacy = knox(s, t.copy(), delta=delta, tau=tau, permutations=0)
sims = [int(Knox(s, np.asarray(p, dtype=float)[:, None], delta=delta, tau=tau, permutations=0).nst)
        for p in spec.get("permuted_times", [])]
out = {
    "nst": int(k.nst),
    "observed": k.observed.tolist(),
    "expected": k.expected.tolist(),
    "p_poisson": float(k.p_poisson),
    "legacy_stat": int(legacy["stat"]),
    "simulated_nst": sims,
}

if "spatial" in spec:
    sp = np.asarray(spec["spatial"])
    tp = np.asarray(spec["temporal"])
    i, j = np.triu_indices(len(ev), k=1)
    d2 = ((s[i] - s[j]) ** 2).sum(axis=1)

    def table(times):
        gap = np.abs(times[i] - times[j])
        keep = (d2 <= sp[-1] ** 2) & (gap <= tp[-1])
        sb = np.searchsorted(sp**2, d2[keep], side="left")
        tb = np.searchsorted(tp, gap[keep], side="left")
        counts = np.zeros((len(sp), len(tp)), dtype=int)
        np.add.at(counts, (sb, tb), 1)
        return counts.ravel().tolist()

    out["table_observed"] = table(ev[:, 2])
    out["table_simulated"] = [table(np.asarray(p, dtype=float)) for p in spec.get("permuted_times", [])]

json.dump(out, sys.stdout)
