#!/usr/bin/env bash
# Creates the Python environment with the reference implementations the analysis tests compare
# against (PySAL esda/libpysal, pointpats, scikit-learn), pinned in requirements.txt.
# Idempotent: does nothing when the environment already has exactly these requirements.
#   PYREF_VENV   where to create it (default: <repo>/target/pyref-venv)
#   PYTHON       the interpreter to build it from (default: python3; 3.11 is what the pins target)
#   PYREF_REQUIRED=1  fail when the environment cannot be built. Otherwise a failure (e.g. no
#                route to PyPI) is reported and the tests replay the reference outputs recorded
#                by the last live run (crates/atalaya-analysis/tests/pyref/recorded/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${PYREF_VENV:-$repo/target/pyref-venv}"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"
stamp="$venv/.requirements.sha256"

fail() { echo "pyref: $*" >&2; exit 1; }
# A failure to build the environment: fatal with PYREF_REQUIRED=1, else a warning that leaves no
# half-built environment behind (so the tests replay recordings instead of using it).
unavailable() {
  rm -rf "$venv"
  if [[ "${PYREF_REQUIRED:-}" == 1 ]]; then
    fail "$*"
  fi
  echo "pyref: WARNING: $*" >&2
  echo "pyref: WARNING: the analysis cross-checks will replay recorded reference outputs" >&2
  exit 0
}

command -v "$python" >/dev/null || unavailable "$python not found; install Python 3.11 (with venv) or set PYTHON"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" || unavailable "could not create a virtual environment at $venv (is python3-venv installed?)"
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
installed=""
for attempt in 1 2 3; do
  if "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --retries 5 \
    --timeout 60 -r "$requirements" >"$log" 2>&1; then
    installed=1
    break
  fi
  echo "pyref: pip attempt $attempt of 3 failed:" >&2
  tail -n 15 "$log" | sed 's/^/pyref:   /' >&2
  sleep $((attempt * 5))
done
[[ -n "$installed" ]] ||
  unavailable "pip could not install $requirements into $venv (network to PyPI? Python version $("$venv/bin/python" -V 2>&1)?)"
"$venv/bin/python" -c "import esda, libpysal, pointpats, sklearn, scipy, numpy" 2>"$log" || {
  cat "$log" >&2
  unavailable "the reference packages do not import in $venv"
}
echo "$want" >"$stamp"
echo "pyref: reference environment ready at $venv"
