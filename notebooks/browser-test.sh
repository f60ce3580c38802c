#!/usr/bin/env bash
# The notebooks in a real browser (notebooks/browser/, a JUnit test driving headless Chromium with Selenium):
# starts notebooks/serve.sh in fast mode, runs 01-data from the Notebook UI (Cell > Run All), checks the cells,
# errors and charts, interrupts running cells from the UI (Kernel > Interrupt) and checks that the kernel goes
# on, then stops the server with Ctrl-C. Screenshots, the server's log and timings: results/browser/.
#   bash notebooks/browser-test.sh        (tools/test.sh runs it after the notebooks)
# Installs what is missing first: Debian's chromium and chromium-driver, Jupyter Notebook and the kernel
# (notebooks/install-kernel.sh --notebook).
# Fails, never skips, when something cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/apt-install.sh chromium chromium-driver
bash notebooks/install-kernel.sh --notebook
start=$(date +%s)
mvn -B -f notebooks/browser/pom.xml test
echo "browser test: $(( $(date +%s) - start )) s (steps: results/browser/timings.txt)"
