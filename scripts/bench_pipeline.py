#!/usr/bin/env python3
"""Times whole runs of `evalform extract FILE` (PDF -> JSON) against
`pdftotext -layout FILE /dev/null` on the same files, and reports peak RSS per file.

usage: bench_pipeline.py EVALFORM_BINARY PDF... [--runs N]
Prints one line per file (median ms of each tool, ratio, peak RSS) and a
summary line with the median ratio over all files.
"""
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    """Runs cmd once; returns (seconds, peak RSS in KiB, exit code)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    return elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def median_run(cmd, runs):
    results = [run(cmd) for _ in range(runs)]
    if any(code != 0 for _, _, code in results):
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return statistics.median(t for t, _, _ in results), max(r for _, r, _ in results)


def main():
    args = sys.argv[1:]
    runs = 11
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    binary, files = args[0], args[1:]
    ratios = []
    print(f"{'file':44} {'evalform ms':>12} {'pdftotext ms':>13} {'ratio':>6} {'peak RSS MiB':>13}")
    for f in files:
        ours, rss = median_run([binary, "extract", f, "-o", "/dev/null"], runs)
        theirs, _ = median_run(["pdftotext", "-layout", f, "/dev/null"], runs)
        ratio = ours / theirs
        ratios.append(ratio)
        print(f"{os.path.basename(f):44} {ours*1000:12.1f} {theirs*1000:13.1f} {ratio:6.2f} {rss/1024:13.1f}")
    print(f"median ratio evalform/pdftotext -layout over {len(files)} files: {statistics.median(ratios):.2f} ({runs} runs each)")


if __name__ == "__main__":
    main()
