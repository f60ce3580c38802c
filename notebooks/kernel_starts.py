#!/usr/bin/python3
"""Starts a Jupyter kernel N times in a row, as nbconvert does, and counts the starts that fail.

    /usr/bin/python3 notebooks/kernel_starts.py [--kernel pase4j-java] [--starts 50] [--timeout 60] [--log FILE]

Each start: launch the kernelspec's process, wait for its reply to kernel_info (jupyter_client's
wait_for_ready, the call behind nbconvert's "Kernel didn't respond in 60 seconds"), then shut it down and
check that its process is gone. The kernels' own output goes to the log file (default
results/kernel-starts.log), where a failed start's stack trace can be read. A failed start is killed, and counted; a process still alive after
shutdown is counted as an orphan. Prints one line per start and a summary; exits 1 on any failure or orphan.
"""
import argparse
import os
import sys
import time

from jupyter_client.manager import KernelManager


def one_start(kernel, timeout, log):
    km = KernelManager(kernel_name=kernel)
    began = time.monotonic()
    km.start_kernel(stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    ok = True
    try:
        kc.wait_for_ready(timeout=timeout)
    except RuntimeError:
        ok = False
    seconds = time.monotonic() - began
    kc.stop_channels()
    if ok:
        km.shutdown_kernel(now=False)
    else:
        km.shutdown_kernel(now=True)
    orphan = km.has_kernel or (km.provisioner is not None and km.provisioner.process is not None
                               and km.provisioner.process.poll() is None)
    return ok, seconds, orphan


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kernel", default="pase4j-java", help="the kernelspec name (default pase4j-java)")
    p.add_argument("--starts", type=int, default=50)
    p.add_argument("--timeout", type=float, default=60, help="seconds to wait for kernel_info (nbconvert: 60)")
    p.add_argument("--log", default="results/kernel-starts.log", help="the kernels' output")
    a = p.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.log)), exist_ok=True)
    log = open(a.log, "ab")
    failures = orphans = 0
    times = []
    for i in range(1, a.starts + 1):
        log.write(f"=== start {i}\n".encode())
        log.flush()
        ok, seconds, orphan = one_start(a.kernel, a.timeout, log)
        failures += not ok
        orphans += orphan
        if ok:
            times.append(seconds)
        print(f"start {i:3d}: {'ready' if ok else 'FAILED'} after {seconds:5.1f} s{'  ORPHAN' if orphan else ''}",
              flush=True)
    times.sort()
    median = times[len(times) // 2] if times else float("nan")
    print(f"{a.kernel}: {a.starts} starts, {failures} failed, {orphans} orphaned processes; "
          f"ready in {median:.1f} s (median), {times[-1] if times else float('nan'):.1f} s (slowest)")
    sys.exit(1 if failures or orphans else 0)


if __name__ == "__main__":
    main()
