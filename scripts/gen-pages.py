#!/usr/bin/env python3
"""Makes the page-kind samples in samples/pages/: one generated form (its
LibreOffice PDF) turned into each kind of page a reader meets in archives,
with the same truth JSON as its source and a manifest.

  tounicode   Identity-H TrueType fonts (mutool convert) with /ToUnicode removed
  outlines    text converted to vector outlines (gs -dNoOutputFonts)
  g4          200 dpi bilevel scan, CCITT group 4 (Pillow TIFF → img2pdf)
  jbig2       300 dpi bilevel scan, JBIG2 (a generic region with MMR coding
              wrapping CCITT G4 data: Debian has no JBIG2 encoder)
  jpx         150 dpi colour scan, JPEG 2000 (Pillow → img2pdf)
  rotate      a scan stored sideways, shown upright through /Rotate 90
  sideways    a scan stored sideways with no /Rotate (the page is landscape)
  skew100     100 dpi grey JPEG scan, rotated 1.2 degrees
  turned      page 1 scanned upside down, page 2 a quarter turn right, no /Rotate

usage: gen-pages.py [SAMPLES_DIR]
  needs mutool, gs, pdftoppm, Pillow, img2pdf, pikepdf
"""
import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

import img2pdf
import pikepdf
from PIL import Image, ImageOps

SOURCE = "proj-lygtnt-2022.lo.pdf"
TRUTH = "../proj-lygtnt-2022.json"


def render(pdf, dpi, work, mode="gray"):
    """Each page as a PIL image (`gray`, `mono` or `colour`)."""
    prefix = os.path.join(work, f"r{dpi}{mode}")
    flag = {"gray": "-gray", "mono": "-mono", "colour": "-png"}[mode]
    subprocess.run(["pdftoppm", "-r", str(dpi), flag, pdf, prefix], check=True)
    files = sorted(f for f in os.listdir(work) if f.startswith(os.path.basename(prefix)))
    return [Image.open(os.path.join(work, f)).copy() for f in files]


def speckle(img, rng, amount):
    px = img.load()
    w, h = img.size
    dark = 0 if img.mode == "1" else (40, 40, 40) if img.mode == "RGB" else 40
    for _ in range(int(w * h * amount)):
        px[rng.randrange(w), rng.randrange(h)] = dark


def images_pdf(images, dpi, out, fmt, **save):
    """An image-only PDF, one page per image, each image encoded as `fmt`."""
    blobs = []
    for img in images:
        buf = io.BytesIO()
        img.save(buf, format=fmt, dpi=(dpi, dpi), **save)
        blobs.append(buf.getvalue())
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    with open(out, "wb") as f:
        f.write(img2pdf.convert(blobs, layout_fun=layout))


def tounicode(src, out, work):
    cid = os.path.join(work, "cid.pdf")
    subprocess.run(["mutool", "convert", "-o", cid, src], check=True, capture_output=True)
    pdf = pikepdf.open(cid)
    for page in pdf.pages:
        for _, font in page.resources.get("/Font", {}).items():
            if "/ToUnicode" in font:
                del font["/ToUnicode"]
    pdf.save(out)


def outlines(src, out, work):
    subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-dNoOutputFonts",
                    f"-sOutputFile={out}", src], check=True)


def g4(src, out, work, rng):
    pages = render(src, 200, work, "mono")
    for p in pages:
        speckle(p, rng, 0.0002)
    images_pdf([p.convert("1") for p in pages], 200, out, "TIFF", compression="group4")


def g4_strip(img):
    """The CCITT G4 data of a 1-bit image (ink coded as the black runs:
    Pillow writes white-is-zero, so the image is inverted first)."""
    buf = io.BytesIO()
    ImageOps.invert(img.convert("L")).convert("1").save(buf, format="TIFF", compression="group4",
                          tiffinfo={278: img.height})  # one strip
    tif = Image.open(io.BytesIO(buf.getvalue()))
    off, n = tif.tag_v2[273], tif.tag_v2[279]
    off = off[0] if isinstance(off, tuple) else off
    n = n[0] if isinstance(n, tuple) else n
    return buf.getvalue()[off:off + n]


def jbig2_stream(img):
    """Embedded JBIG2 segments: page information, an immediate generic
    region with MMR coding (its data is CCITT G4), end of page."""
    w, h = img.size

    def segment(number, kind, data):
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page_info = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([1]) + g4_strip(img)
    return segment(0, 48, page_info) + segment(1, 38, region) + segment(2, 49, b"")


def jbig2(src, out, work, rng):
    pages = render(src, 300, work, "mono")
    pdf = pikepdf.new()
    for p in pages:
        speckle(p, rng, 0.0002)
        w, h = p.size
        image = pikepdf.Stream(pdf, jbig2_stream(p))
        image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
        image.Width, image.Height, image.BitsPerComponent = w, h, 1
        image.ColorSpace, image.Filter = pikepdf.Name.DeviceGray, pikepdf.Name.JBIG2Decode
        pw, ph = w * 72 / 300, h * 72 / 300
        page = pdf.add_blank_page(page_size=(pw, ph))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(f"q {pw:.3f} 0 0 {ph:.3f} 0 0 cm /Im0 Do Q".encode())
    pdf.save(out)


def jpx(src, out, work, rng):
    pages = render(src, 150, work, "colour")
    images_pdf([p.convert("RGB") for p in pages], 150, out, "JPEG2000",
               quality_mode="rates", quality_layers=[20], irreversible=True)


def rotated(src, out, work, rng, with_rotate):
    pages = render(src, 150, work, "gray")
    stored = []
    for p in pages:
        speckle(p, rng, 0.0002)
        # Stored turned a quarter left: /Rotate 90 (clockwise) shows it upright.
        stored.append(p.transpose(Image.Transpose.ROTATE_90))
    images_pdf(stored, 150, out, "JPEG", quality=80)
    if with_rotate:
        pdf = pikepdf.open(out, allow_overwriting_input=True)
        for page in pdf.pages:
            page.Rotate = 90
        pdf.save(out)


def turned(src, out, work, rng):
    pages = render(src, 150, work, "gray")
    for p in pages:
        speckle(p, rng, 0.0002)
    turns = [Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270]
    images_pdf([p.transpose(t) for p, t in zip(pages, turns)], 150, out, "JPEG", quality=80)


def skew100(src, out, work, rng):
    pages = render(src, 100, work, "gray")
    skewed = []
    for p in pages:
        p = p.rotate(1.2, resample=Image.BICUBIC, expand=False, fillcolor=255)
        speckle(p, rng, 0.0003)
        skewed.append(p)
    images_pdf(skewed, 100, out, "JPEG", quality=75)


KINDS = [
    ("tounicode", tounicode, "Identity-H TrueType fonts (mutool convert) with /ToUnicode removed"),
    ("outlines", outlines, "text converted to outlines by gs -dNoOutputFonts"),
    ("g4", g4, "200 dpi bilevel scan, CCITT group 4, speckles"),
    ("jbig2", jbig2, "300 dpi bilevel scan, JBIG2 generic region (MMR), speckles"),
    ("jpx", jpx, "150 dpi colour scan, JPEG 2000 at 1:20"),
    ("rotate", lambda s, o, w, r: rotated(s, o, w, r, True),
     "150 dpi grey JPEG scan stored a quarter turn left, shown upright by /Rotate 90"),
    ("sideways", lambda s, o, w, r: rotated(s, o, w, r, False),
     "150 dpi grey JPEG scan stored a quarter turn left, no /Rotate (landscape page)"),
    ("skew100", skew100, "100 dpi grey JPEG scan, rotated 1.2 degrees, speckles"),
    ("turned", turned, "150 dpi grey JPEG scan, page 1 upside down, page 2 a quarter turn "
     "right, no /Rotate"),
]


def main():
    samples = sys.argv[1] if len(sys.argv) > 1 else "samples"
    out_dir = os.path.join(samples, "pages")
    os.makedirs(out_dir, exist_ok=True)
    src = os.path.join(samples, SOURCE)
    pages = len(pikepdf.open(src).pages)
    entries = []
    for kind, make, notes in KINDS:
        rng = random.Random(kind)
        name = SOURCE.replace(".lo.pdf", f".{kind}.pdf")
        with tempfile.TemporaryDirectory() as work:
            if kind in ("tounicode", "outlines"):
                make(src, os.path.join(out_dir, name), work)
            else:
                make(src, os.path.join(out_dir, name), work, rng)
        entries.append({"pdf": name, "truth": TRUTH, "variant": kind,
                        "template": "national_project", "pages": pages,
                        "text_layer": kind == "tounicode", "split_cells": [],
                        "notes": f"{SOURCE}: {notes}"})
        print("wrote", name)
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
