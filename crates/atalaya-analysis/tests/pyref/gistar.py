"""Reference Gi*: esda.G_Local(y, w, transform="B", star=True) on weights built by libpysal.

Input JSON: {"values": [...], "weights": {"kind": "lat2w", "nrows": r, "ncols": c, "rook": bool}
| {"kind": "distance_band", "coords": [[x, y], ...], "threshold": t}
| {"kind": "knn", "coords": [[x, y], ...], "k": k}}
Prints the statistic's arrays, the weights' neighbour lists and BH q-values of 2·p_norm.
"""
import json
import sys
import warnings

import numpy as np
from esda.getisord import G_Local
from libpysal.weights import KNN, DistanceBand, lat2W
from scipy.stats import false_discovery_control

warnings.filterwarnings("ignore")

spec = json.load(open(sys.argv[1]))
y = np.asarray(spec["values"], dtype=float)
w_spec = spec["weights"]
kind = w_spec["kind"]
if kind == "lat2w":
    w = lat2W(w_spec["nrows"], w_spec["ncols"], rook=w_spec["rook"])
elif kind == "distance_band":
    w = DistanceBand(np.asarray(w_spec["coords"]), threshold=w_spec["threshold"], binary=True, silence_warnings=True)
elif kind == "knn":
    w = KNN.from_array(np.asarray(w_spec["coords"]), k=w_spec["k"])
else:
    raise SystemExit(f"unknown weights kind {kind}")

neighbours = [sorted(int(j) for j in w.neighbors[i]) for i in range(w.n)]
g = G_Local(y, w, transform="B", star=True, permutations=0)
p_two = np.minimum(2 * g.p_norm, 1.0)
json.dump(
    {
        "neighbours": neighbours,
        "Gs": g.Gs.tolist(),
        "EGs": np.broadcast_to(g.EGs, y.shape).tolist(),
        "VGs": np.broadcast_to(g.VGs, y.shape).tolist(),
        "Zs": g.Zs.tolist(),
        "p_norm": g.p_norm.tolist(),
        "q_bh": false_discovery_control(p_two, method="bh").tolist(),
    },
    sys.stdout,
)
