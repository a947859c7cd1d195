#!/usr/bin/env bash
# Creates the Python environment with the reference implementations the analysis tests compare
# against (PySAL esda/libpysal, pointpats, scikit-learn), pinned in requirements.txt.
# Idempotent: does nothing when the environment already has exactly these requirements.
#   PYREF_VENV   where to create it (default: <repo>/target/pyref-venv)
#   PYTHON       the interpreter to build it from (default: python3; 3.11 is what the pins target)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${PYREF_VENV:-$repo/target/pyref-venv}"
python="${PYTHON:-python3}"
requirements="$here/requirements.txt"
stamp="$venv/.requirements.sha256"

fail() { echo "pyref: $*" >&2; exit 1; }

command -v "$python" >/dev/null || fail "$python not found; install Python 3.11 (with venv) or set PYTHON"
want="$(sha256sum "$requirements" | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi

if [[ ! -x "$venv/bin/python" ]]; then
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" || fail "could not create a virtual environment at $venv (is python3-venv installed?)"
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" >"$log" 2>&1; then
  cat "$log" >&2
  fail "pip could not install $requirements into $venv (network to PyPI? Python version $("$venv/bin/python" -V 2>&1)?)"
fi
"$venv/bin/python" -c "import esda, libpysal, pointpats, sklearn, scipy, numpy" 2>"$log" || {
  cat "$log" >&2
  fail "the reference packages do not import in $venv"
}
echo "$want" >"$stamp"
echo "pyref: reference environment ready at $venv"
