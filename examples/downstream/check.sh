#!/usr/bin/env bash
# Builds and tests examples/downstream, a project that uses pase4j as a library, against the artifact that
# `mvn install` puts in the local Maven repository (installed here first).
#   bash examples/downstream/check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q install -DskipTests
mvn -B -q -f examples/downstream/pom.xml verify
mvn -B -q -f examples/downstream/pom.xml dependency:list -DincludeScope=runtime -DoutputFile=target/runtime.txt \
  -DexcludeTransitive=false >/dev/null
if grep -E "picocli|slf4j-simple" examples/downstream/target/runtime.txt; then
  echo "a command-line library leaked into the downstream project's runtime classpath" >&2
  exit 1
fi
echo "downstream project: built and tested against the installed pase4j; $(grep -c ':' examples/downstream/target/runtime.txt) runtime dependencies"
