#!/usr/bin/env bash
# Installs what running the notebooks needs, when missing: Debian's Jupyter (apt-get), the Java kernel
# rapaio-jupyter-kernel from Maven Central, pase4j's fixes of its start-up races and of its interrupt
# (notebooks/kernel/, compiled into a jar that goes before the kernel's on the class path), and the user
# kernelspec `pase4j-java`.
#   bash notebooks/install-kernel.sh [--notebook]   (notebooks/run.sh calls it; notebooks/serve.sh with --notebook)
# --notebook: also Debian's Jupyter Notebook server (jupyter-notebook), for interactive use in a browser.
# PASE4J_KERNEL_HOME: where the kernel jars go (default ~/.local/share/pase4j-kernel).
set -euo pipefail
cd "$(dirname "$0")/.."
kernel_version=3.0.1
kernel_home=${PASE4J_KERNEL_HOME:-$HOME/.local/share/pase4j-kernel}
kernel_jar=$kernel_home/rapaio-jupyter-kernel-$kernel_version.jar
patch_jar=$kernel_home/pase4j-kernel-fix.jar
jupyter=/usr/bin/jupyter   # Debian's, on the system Python (a pyenv python3 on PATH may lack nbformat)

# 1. Jupyter from Debian
pkgs=(jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel libtcmalloc-minimal4)
[ "${1:-}" = "--notebook" ] && pkgs+=(jupyter-notebook)
bash tools/apt-install.sh "${pkgs[@]}"

# 2. The kernel jar from Maven Central
if [ ! -f "$kernel_jar" ]; then
  mkdir -p "$kernel_home"
  mvn -B -q dependency:copy -Dartifact=io.github.padreati:rapaio-jupyter-kernel:$kernel_version \
    -DoutputDirectory="$kernel_home"
fi

# 3. The fixes (each class in notebooks/kernel/ replaces the kernel's own and says why), rebuilt when their
# sources differ from those the jar was built from (a checksum beside the jar)
srcs=(notebooks/kernel/*.java)
sum=$(cat "${srcs[@]}" | sha256sum | cut -c1-16)
if [ ! -f "$patch_jar" ] || [ "$(cat "$patch_jar.sha256" 2>/dev/null)" != "$sum" ]; then
  classes=$(mktemp -d)
  javac --release 17 -nowarn -Xlint:none -cp "$kernel_jar" -d "$classes" "${srcs[@]}"
  jar --create --file "$patch_jar.part" -C "$classes" .
  mv "$patch_jar.part" "$patch_jar"
  echo "$sum" > "$patch_jar.sha256"
  rm -rf "$classes"
fi

# 4. The kernelspec: the fix first on the class path, then the kernel, started with pase4j's memory settings
# (org.pase4j.util.MallocSettings: bin/malloc-env's allocator, tcmalloc installed above, and a pre-touched heap)
malloc_env=$(bin/malloc-env | sed 's/^\([^=]*\)=\(.*\)$/, "\1": "\2"/' | tr -d '\n')
spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
cat > "$spec/kernel.json" <<JSON
{
  "argv": ["java", "-Xss4m", "-XX:+AlwaysPreTouch", "-cp", "$patch_jar:$kernel_jar", "org.rapaio.jupyter.kernel.MainApp", "{connection_file}"],
  "display_name": "Java (pase4j)",
  "language": "java",
  "interrupt_mode": "message",
  "env": {"RJK_TIMEOUT_MILLIS": "-1"$malloc_env}
}
JSON
$jupyter kernelspec install --user --name pase4j-java "$spec" >/dev/null 2>&1
