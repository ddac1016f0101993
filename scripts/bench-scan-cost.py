#!/usr/bin/env python3
"""CPU cost of reading scanned pages: `evalform extract FILE` (the whole
conversion, PDF to JSON) against RapidOCR (rapidocr_onnxruntime, the same
PP-OCRv4 detection and recognition models) on the same pages, side by side
in one run: the two tools alternate, run after run.

CPU-seconds are user + sys of the process and its children, as
`/usr/bin/time -v` reports them, divided by the file's pages; medians over
RUNS runs. RapidOCR reads each page rendered by `pdftoppm -r DPI` (rendered
once beforehand, not timed) in one Python process per file, models loaded
once, as evalform loads its own once per run.

usage: bench-scan-cost.py [--runs N] [--dpi 150] [--threads N] EVALFORM PDF...
  needs /usr/bin/time, pdftoppm, pip install rapidocr_onnxruntime
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile

RAPID = """
import sys
from rapidocr_onnxruntime import RapidOCR
engine = RapidOCR(use_angle_cls=False)
for path in sys.argv[1:]:
    result, _ = engine(path)
    if not result:
        sys.exit("RapidOCR read nothing on " + path)
"""


def cpu_seconds(cmd, env=None):
    """user + sys CPU-seconds of `cmd` from /usr/bin/time -v; fails on a non-zero exit."""
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-2000:]}")
    field = lambda name: float(re.search(rf"{name} time \(seconds\): ([0-9.]+)", proc.stderr).group(1))
    return field("User") + field("System")


def pages_of(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def main():
    args = sys.argv[1:]
    opts = {"--runs": "5", "--dpi": "150", "--threads": "2"}
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = args[i + 1]
            del args[i:i + 2]
    runs, dpi, threads = int(opts["--runs"]), opts["--dpi"], opts["--threads"]
    binary, files = args[0], args[1:]
    env = dict(os.environ, OMP_NUM_THREADS=threads, RAYON_NUM_THREADS=threads)
    ours_all, theirs_all = [], []
    print(f"{'file':36} {'pages':>5} {'evalform CPU-s/page':>20} {'RapidOCR CPU-s/page':>20} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as work:
        script = os.path.join(work, "rapid.py")
        with open(script, "w") as f:
            f.write(RAPID)
        for pdf in files:
            n = pages_of(pdf)
            prefix = os.path.join(work, os.path.basename(pdf))
            subprocess.run(["pdftoppm", "-r", dpi, "-png", pdf, prefix], check=True)
            pngs = sorted(os.path.join(work, p) for p in os.listdir(work)
                          if p.startswith(os.path.basename(pdf)) and p.endswith(".png"))
            ours, theirs = [], []
            for _ in range(runs):
                ours.append(cpu_seconds([binary, "extract", pdf, "-o", os.devnull], env) / n)
                theirs.append(cpu_seconds([sys.executable, script, *pngs], env) / n)
            a, b = statistics.median(ours), statistics.median(theirs)
            ours_all.append(a)
            theirs_all.append(b)
            print(f"{os.path.basename(pdf):36} {n:5} {a:20.2f} {b:20.2f} {a / b:6.2f}")
    a, b = statistics.median(ours_all), statistics.median(theirs_all)
    print(f"median over {len(files)} files ({runs} runs each): evalform {a:.2f} CPU-s/page, "
          f"RapidOCR {b:.2f} CPU-s/page, ratio {a / b:.2f}")


if __name__ == "__main__":
    main()
