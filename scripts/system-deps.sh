#!/usr/bin/env bash
# Installs and starts the system services the test suite talks to (Mosquitto, PostgreSQL, Chromium) and espeak-ng
# (the voice pack's builder) when the machine lacks them. Needs root (or sudo); a machine that already has them is
# left as it is.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then SUDO="sudo"; else echo "system-deps: run as root or install sudo" >&2; exit 1; fi
fi

need=()
python3 -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
command -v make >/dev/null || need+=(make)
command -v mosquitto >/dev/null || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto mosquitto-clients)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v espeak-ng >/dev/null || need+=(espeak-ng)  # `motcua voice build`: the default Vietnamese voice pack
command -v pdftoppm >/dev/null || need+=(poppler-utils)  # the tests read PDF forms and reports back as pages
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)  # WeasyPrint's text layout
if [ ${#need[@]} -gt 0 ]; then
    echo "system-deps: installing ${need[*]}"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

# PostgreSQL: the tests create and drop their own databases as the 'postgres' role over TCP on localhost.
if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || $SUDO pg_ctlcluster "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
# A fresh Debian cluster asks TCP clients for a password; the suite's throwaway databases need trust on loopback.
if ! psql "postgresql://postgres@127.0.0.1:5432/postgres" -Atc 'select 1' >/dev/null 2>&1; then
    hba=$($SUDO -u postgres psql -Atc 'show hba_file' 2>/dev/null || su postgres -c "psql -Atc 'show hba_file'")
    $SUDO sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    $SUDO -u postgres psql -c 'select pg_reload_conf()' >/dev/null 2>&1 || su postgres -c "psql -c 'select pg_reload_conf()'" >/dev/null
fi
echo "system-deps: ready"
