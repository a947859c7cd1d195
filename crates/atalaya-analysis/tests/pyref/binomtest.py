"""Reference exact two-sided binomial test: scipy.stats.binomtest(k, n, p).pvalue.

Input JSON: {"cases": [[k, n, p], ...]}
Prints {"p_value": [...]}.
"""
import json
import sys

from scipy.stats import binomtest

spec = json.load(open(sys.argv[1]))
json.dump({"p_value": [binomtest(int(k), int(n), p).pvalue for k, n, p in spec["cases"]]}, sys.stdout)
