#!/usr/bin/env bash
# Every test of pase4j, on a fresh Debian machine with Java 17 and Maven: installs what the tests need (Debian's
# PyTorch, NumPy, PyYAML, scikit-learn and SciPy for the parity and metric checks; tcmalloc; Jupyter and the Java kernel for
# the notebooks), then runs the unit and integration tests (`mvn -B -Pspark verify`, the Spark module included; a missing prerequisite fails with
# its install line instead of skipping), the four notebooks in fast mode, 01-data in a real browser (headless
# Chromium through the Notebook UI), and a project built against the installed artifact.  README's test command;
# CI (.ci/run) runs it too.
#   bash tools/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v java >/dev/null || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
/usr/bin/python3 -c 'import torch, numpy, yaml, sklearn, scipy' >/dev/null 2>&1 \
  || need+=(python3-torch python3-numpy python3-yaml python3-sklearn python3-scipy)
[ ${#need[@]} -eq 0 ] || bash tools/apt-install.sh "${need[@]}"
bash tools/apt-install.sh libtcmalloc-minimal4   # the allocator pase4j preloads (org.pase4j.util.MallocSettings)
java -version 2>&1 | sed -n 1p
mvn -B -v | sed -n 1p
/usr/bin/python3 -c 'import torch, numpy; print("PyTorch", torch.__version__, "NumPy", numpy.__version__)'

# 1. Unit and integration tests
mvn -B -Pspark verify

# 2. The notebooks, fast mode (installs Jupyter and the kernel; a notebook error fails)
PASE4J_FAST=1 bash notebooks/run.sh

# 3. The notebooks in a real browser: notebooks/serve.sh, headless Chromium driven by Selenium runs 01-data from
# the Notebook UI and interrupts running cells (installs chromium and chromium-driver; results/browser/)
bash notebooks/browser-test.sh

# 4. A project that depends on pase4j as a library, against the installed artifact
bash examples/downstream/check.sh
