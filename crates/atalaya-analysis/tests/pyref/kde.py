"""Reference Gaussian kernel density: scikit-learn KernelDensity, exact (rtol = atol = 0).

Input JSON: {"points": [[x, y], ...], "cells": [[x, y], ...], "bandwidth": h}
Prints {"density": [...]} — exp(score_samples), a density integrating to 1 (per m²).
"""
import json
import sys

import numpy as np
from sklearn.neighbors import KernelDensity

spec = json.load(open(sys.argv[1]))
kde = KernelDensity(kernel="gaussian", bandwidth=spec["bandwidth"]).fit(np.asarray(spec["points"]))
json.dump({"density": np.exp(kde.score_samples(np.asarray(spec["cells"]))).tolist()}, sys.stdout)
