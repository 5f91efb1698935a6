#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 does not install on 3.11).
# Order: $PYTHON if set, then python3.10 on PATH, then pyenv's 3.10.
set -u
is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

if [ -n "${PYTHON:-}" ]; then
  if is_310 "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not a working Python 3.10." >&2
  exit 1
fi
if command -v python3.10 >/dev/null 2>&1 && is_310 python3.10; then
  command -v python3.10; exit 0
fi
if command -v pyenv >/dev/null 2>&1; then
  prefix=$(pyenv prefix 3.10 2>/dev/null | head -n1)
  if [ -n "$prefix" ] && is_310 "$prefix/bin/python3.10"; then
    echo "$prefix/bin/python3.10"; exit 0
  fi
fi
cat >&2 <<'MSG'
No Python 3.10 found. Rasa 3.6 needs Python 3.10 exactly (it does not install on 3.11).
Install one, then run make again, for example:
  Debian/Ubuntu:  apt-get install python3.10 python3.10-venv
  pyenv:          pyenv install 3.10
  or point to one: make run PYTHON=/path/to/python3.10
MSG
exit 1
