#!/usr/bin/env bash
# Opens the notebooks for interactive use: starts Jupyter Notebook (Debian's, classic Notebook 6) on 127.0.0.1
# with a token, in the foreground, serving notebooks/ with the Java kernel `pase4j-java`, and prints the URL to
# open. Ctrl-C stops the server and its kernels (no confirmation question).
#   bash notebooks/serve.sh
# First installs what is missing (notebooks/install-kernel.sh --notebook: Debian's Jupyter and Notebook, the
# kernel jar with pase4j's fixes, the kernelspec) and brings lib/target/pase4j.jar up to date (mvn package).
# PASE4J_NOTEBOOK_PORT: the port (default 8888; a port in use is an error, not a silent move to another).
# PASE4J_NOTEBOOK_TOKEN: the token (default: a new random one each start).
# PASE4J_FAST=1 / PASE4J_DOWNLOAD=1 reach the kernels, as with notebooks/run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
port=${PASE4J_NOTEBOOK_PORT:-8888}
token=${PASE4J_NOTEBOOK_TOKEN:-$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')}

# 1. Jupyter Notebook, the Java kernel with pase4j's fixes, the kernelspec pase4j-java
bash notebooks/install-kernel.sh --notebook

# 2. The pase4j jar and its dependencies (lib/target/lib), which the notebooks load with %jars
mvn -B -q package -DskipTests

# 3. The server, in the foreground. Ctrl-C stops it at once and it shuts its kernels down as it ends: its standard
# input is not a terminal (else Notebook asks "Shutdown this notebook server?"), and SIGINT is handled even when
# the caller ignores it (a script's background job).
allow_root=(); [ "$(id -u)" -eq 0 ] && allow_root=(--allow-root)
url="http://127.0.0.1:$port"
cat <<EOF
pase4j notebooks (fast mode: ${PASE4J_FAST:-0}): open
    $url/tree?token=$token
  e.g. $url/notebooks/01-data.ipynb?token=$token
Ctrl-C stops the server and its kernels.
EOF
exec /usr/bin/python3 -c 'import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
from notebook.notebookapp import main
sys.exit(main())' --no-browser --ip=127.0.0.1 --port="$port" --NotebookApp.port_retries=0 \
  --NotebookApp.token="$token" --notebook-dir="$root/notebooks" "${allow_root[@]}" </dev/null
