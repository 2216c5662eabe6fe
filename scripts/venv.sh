#!/usr/bin/env bash
# Creates .venv and installs motcua into it. On a fresh Debian, python3 -m venv needs the python3-venv
# package: it is installed when this runs as root or with passwordless sudo, otherwise the message says how.
set -euo pipefail
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "motcua needs Python 3.11 or newer ($PYTHON is older)" >&2; exit 1; }
if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
        echo "python3-venv is missing: run 'sudo apt-get install python3-venv', then make again" >&2; exit 1
    fi
    version=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "python${version}-venv" || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q python3-venv
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet -e '.[all,test]'
