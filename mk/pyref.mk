# The Python reference implementations (PySAL, pointpats, scikit-learn) that the
# atalaya-analysis cross-checks and benchmark compare against, in a virtual environment.
# Included by the root Makefile.
#
#   pyref   create or update $(PYREF_VENV) from tests/pyref/requirements.txt (no-op when current)

PYREF_VENV ?= $(abspath target/pyref-venv)
export PYREF_VENV
# The tests read the interpreter from here (default: target/pyref-venv/bin/python).
export PYREF_PYTHON ?= $(PYREF_VENV)/bin/python

.PHONY: pyref

pyref:
	@tests/pyref/setup.sh
