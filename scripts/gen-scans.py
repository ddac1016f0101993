#!/usr/bin/env python3
"""Makes scanned copies of generated sample PDFs: each page rendered to a
grey (or colour, with a red seal) image at a given dpi, rotated a little,
speckled with noise, saved as JPEG inside an image-only PDF. Writes them and a
manifest (same truth files as their source PDFs) to samples/scans/.

Some scans also get a copy with an invisible OCR text layer, as scanners
add them: tesseract (chi_sim) reads each page image and writes it back with
its words as invisible text (`*.ocr.pdf`).

usage: gen-scans.py [SAMPLES_DIR]
  needs pdftoppm, Pillow, tesseract with chi_sim, qpdf
  (apt: poppler-utils python3-pil tesseract-ocr tesseract-ocr-chi-sim qpdf)
"""
import json
import os
import random
import subprocess
import sys
import tempfile

from PIL import Image, ImageDraw, ImageFont

# (source PDF, dpi, rotation in degrees, colour with a red seal)
SCANS = [
    ("proj-xddb-2021.lo.pdf", 150, 0.5, False),
    ("proj-lygtnt-2022.lo.pdf", 300, -1.5, True),
    ("gz-tianhe-wgly-2022.lo.pdf", 150, 1.5, True),
    ("gz-panyu-swj-2021.lo.pdf", 300, -0.5, False),
]
# Scans that also get a copy with a scanner's OCR text layer.
WITH_TEXT_LAYER = {"proj-xddb-2021.lo.pdf", "gz-tianhe-wgly-2022.lo.pdf"}


def render(pdf, dpi, workdir):
    prefix = os.path.join(workdir, "page")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", pdf, prefix], check=True)
    return sorted(os.path.join(workdir, f) for f in os.listdir(workdir) if f.startswith("page"))


def red_seal(img, rng):
    """A round red stamp over the upper right of the page, as offices print them."""
    w, h = img.size
    r = int(min(w, h) * 0.09)
    cx, cy = int(w * rng.uniform(0.62, 0.8)), int(h * rng.uniform(0.12, 0.3))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (215, 30, 35, 150)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=max(3, r // 14))
    d.regular_polygon((cx, cy, r // 4), 5, fill=red)
    try:
        font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", r // 4)
        d.text((cx - r * 0.7, cy + r * 0.35), "专用章", fill=red, font=font)
    except OSError:
        pass
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def speckle(img, rng, amount):
    px = img.load()
    w, h = img.size
    for _ in range(int(w * h * amount)):
        x, y = rng.randrange(w), rng.randrange(h)
        v = rng.randrange(0, 90)
        px[x, y] = (v, v, v) if img.mode == "RGB" else v


def scan_page(png, dpi, angle, colour, rng):
    img = Image.open(png).convert("RGB" if colour else "L")
    if colour:
        img = red_seal(img, rng)
    fill = (255, 255, 255) if colour else 255
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    speckle(img, rng, 0.0004)
    return img


def with_text_layer(pages, dpi, out, work):
    """The pages as one PDF, each page image under tesseract's invisible words."""
    parts = []
    for i, img in enumerate(pages):
        jpg = os.path.join(work, f"ocr-{i:03}.jpg")
        img.save(jpg, quality=75, dpi=(dpi, dpi))
        base = os.path.join(work, f"ocr-{i:03}")
        subprocess.run(["tesseract", jpg, base, "-l", "chi_sim", "--dpi", str(dpi), "pdf"],
                       check=True, capture_output=True)
        parts.append(base + ".pdf")
    subprocess.run(["qpdf", "--empty", "--pages", *parts, "--", out], check=True)


def main():
    samples = sys.argv[1] if len(sys.argv) > 1 else "samples"
    out_dir = os.path.join(samples, "scans")
    os.makedirs(out_dir, exist_ok=True)
    manifest = json.load(open(os.path.join(samples, "manifest.json")))
    by_pdf = {e["pdf"]: e for e in manifest}
    entries = []
    rng = random.Random(20211)
    for src, dpi, angle, colour in SCANS:
        with tempfile.TemporaryDirectory() as work:
            pages = [scan_page(p, dpi, angle, colour, rng) for p in render(os.path.join(samples, src), dpi, work)]
        name = src.replace(".lo.pdf", f".scan{dpi}.pdf")
        pages[0].save(os.path.join(out_dir, name), save_all=True, append_images=pages[1:],
                      resolution=dpi, quality=75)
        e = by_pdf[src]

        def entry(pdf, text_layer, notes):
            return {"pdf": pdf, "truth": "../" + e["truth"], "variant": "scan",
                    "template": e["template"], "pages": len(pages), "text_layer": text_layer,
                    "split_cells": e.get("split_cells", []), "notes": notes}

        if src in WITH_TEXT_LAYER:
            layered = name.replace(".pdf", ".ocr.pdf")
            with tempfile.TemporaryDirectory() as work:
                with_text_layer(pages, dpi, os.path.join(out_dir, layered), work)
            entries.append(entry(layered, True,
                                 f"the scan {name} with an invisible OCR text layer by tesseract chi_sim"))
        entries.append(entry(name, False,
                             f"{src} rendered at {dpi} dpi, rotated {angle} deg, speckle noise, JPEG q75"
                             + (", colour with a red seal" if colour else ", grey")))
    json.dump(entries, open(os.path.join(out_dir, "manifest.json"), "w"), ensure_ascii=False, indent=1)
    print(f"wrote {len(entries)} scans to {out_dir}")


if __name__ == "__main__":
    main()
