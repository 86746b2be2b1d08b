#!/usr/bin/env bash
# Compares ArchDecide's AHP and weighted sum with AHPy and pymcdm (PyPI), in a virtualenv
# under target/. Usage: tests/python_reference/run.sh [path/to/archdecide]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
venv="$root/target/python-reference"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r "$root/tests/python_reference/requirements.txt"
binary=${1:-$root/target/debug/archdecide}
[[ -x "$binary" ]] || (cd "$root" && cargo build -p archdecide)
cd "$root"
exec "$venv/bin/python" tests/python_reference/compare.py "$binary"
