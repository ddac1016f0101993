#!/usr/bin/env python3
"""Makes degraded scans of generated sample PDFs the way archives make them,
into samples/degraded/ with a manifest (truth = the source sample's truth).

Each page goes through, at 300 dpi working resolution:
  print     blur and ink spread (a dark dilation), as toner spreads on paper;
  scan      uneven illumination, a red seal stamped over text, skew of
            0.5-2 degrees, gaussian and salt-and-pepper noise;
  loss      JPEG at quality 30-50 decoded again, and at the worst level a
            second photocopy generation (blur, faded contrast, new noise);
  codec     one of
              g4     bilevel CCITT group 4 (thresholded, so thin rules break)
              jbig2  bilevel JBIG2, an immediate generic region coded MMR
                     (its data is CCITT G4: Debian has no JBIG2 encoder)
              jpx    colour JPEG 2000 at 150 dpi, lossy
              jpeg   grey JPEG at 100-150 dpi.
The bilevel codecs are made at 200 dpi for one form and 300 dpi for the
other, so both resolutions meet both codecs. Three levels per codec
(1 light, 2 medium, 3 heavy); every random choice comes from a seed fixed
per form, codec and level, so the files are reproducible.

usage: gen-degraded.py [SAMPLES_DIR [CODEC...]]   (default: every codec)
  needs pdftoppm, Pillow (with libtiff and OpenJPEG), numpy, pikepdf
"""
import io
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

import numpy as np
import pikepdf
from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

WORK_DPI = 300

# (source PDF, bilevel dpi for g4, bilevel dpi for jbig2)
FORMS = [
    ("proj-lygtnt-2022.lo.pdf", 200, 300),
    ("gz-panyu-swj-2021.lo.pdf", 300, 200),
]
CODECS = ["g4", "jbig2", "jpx", "jpeg"]

# Degradation per level: print blur radius (px at 300 dpi), ink spread
# (dilation size, 1 = none), skew (degrees), illumination fall-off (fraction
# of white lost at the far corner), gaussian noise sigma, salt-and-pepper
# fraction, JPEG generation-loss quality, a second photocopy generation,
# bilevel threshold (a fraction of the paper's grey; a low one breaks thin
# and grey rules), JPEG 2000 rate,
# grey JPEG dpi and quality.
LEVELS = {
    1: dict(blur=0.8, spread=1, skew=0.5, light=0.12, sigma=6, salt=0.0005, jpeg=50,
            copy2=False, threshold=0.6, jpx_rate=30, gray_dpi=150, gray_q=60),
    2: dict(blur=1.2, spread=3, skew=-1.2, light=0.22, sigma=10, salt=0.0015, jpeg=40,
            copy2=False, threshold=0.5, jpx_rate=45, gray_dpi=120, gray_q=50),
    3: dict(blur=1.6, spread=3, skew=2.0, light=0.30, sigma=14, salt=0.003, jpeg=30,
            copy2=True, threshold=0.56, jpx_rate=60, gray_dpi=100, gray_q=45),
}

SEAL_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def render(pdf, work):
    """Each page as an RGB image at the working resolution."""
    prefix = os.path.join(work, "src")
    subprocess.run(["pdftoppm", "-r", str(WORK_DPI), "-png", pdf, prefix], check=True)
    files = sorted(f for f in os.listdir(work) if f.startswith("src"))
    return [Image.open(os.path.join(work, f)).convert("RGB") for f in files]


def print_page(img, lv):
    """Toner on paper: strokes spread (dark dilation) and blur."""
    if lv["spread"] > 1:
        img = img.filter(ImageFilter.MinFilter(lv["spread"]))
    return img.filter(ImageFilter.GaussianBlur(lv["blur"]))


def red_seal(img, rng, page_no):
    """A round red stamp over the text of the upper half of the first page."""
    if page_no != 0:
        return img
    w, h = img.size
    r = int(min(w, h) * 0.085)
    cx, cy = int(w * rng.uniform(0.55, 0.75)), int(h * rng.uniform(0.14, 0.3))
    layer = Image.new("RGBA", img.size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    red = (210, 35, 40, 140)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=red, width=max(4, r // 14))
    d.regular_polygon((cx, cy, r // 4), 5, fill=red)
    try:
        font = ImageFont.truetype(SEAL_FONT, r // 4)
        d.text((cx - r * 0.7, cy + r * 0.35), "财务专用章", fill=red, font=font)
    except OSError:
        pass
    return Image.alpha_composite(img.convert("RGBA"), layer).convert("RGB")


def illumination(a, rng, light):
    """Lamp light falling off from one corner: a smooth multiplicative field."""
    h, w = a.shape[:2]
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    corner = rng.integers(0, 4)
    fx = xs / w if corner % 2 == 0 else 1 - xs / w
    fy = ys / h if corner < 2 else 1 - ys / h
    field = 1.0 - light * (0.6 * fx + 0.4 * fy) ** 1.5
    return a * field[..., None]


def noise(a, rng, sigma, salt):
    a = a + rng.normal(0, sigma, a.shape[:2])[..., None]
    h, w = a.shape[:2]
    n = int(h * w * salt)
    ys, xs = rng.integers(0, h, n), rng.integers(0, w, n)
    a[ys, xs] = np.where(rng.random(n) < 0.5, 0, 255)[:, None]
    return a


def to_image(a):
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "RGB")


def jpeg_loss(img, quality):
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def photocopy(img, rng, lv):
    """A second generation: the copy blurred again, its contrast faded (rules
    grow pale), a little more noise, and a little skew back (the copy laid
    on the glass a bit askew the other way: the total stays within 2 degrees)."""
    img = img.filter(ImageFilter.GaussianBlur(lv["blur"] * 0.7))
    a = np.asarray(img, dtype=np.float32)
    a = 255 - (255 - a) * 0.72 + 8  # faded toner on greyer paper
    a = noise(a, rng, lv["sigma"] * 0.6, lv["salt"] * 0.5)
    img = to_image(a)
    return img.rotate(-0.4 * np.sign(lv["skew"]), resample=Image.BICUBIC, fillcolor=(236, 236, 236))


def degrade(img, rng, lv, page_no):
    img = print_page(img, lv)
    img = red_seal(img, rng, page_no)
    a = np.asarray(img, dtype=np.float32) * 0.96 + 6  # paper is not white
    a = illumination(a, rng, lv["light"])
    img = to_image(a).rotate(lv["skew"], resample=Image.BICUBIC, fillcolor=(238, 238, 238))
    a = noise(np.asarray(img, dtype=np.float32), rng, lv["sigma"], lv["salt"])
    img = jpeg_loss(to_image(a), lv["jpeg"])
    if lv["copy2"]:
        img = jpeg_loss(photocopy(img, rng, lv), lv["jpeg"] + 10)
    return img


def scaled(img, dpi):
    if dpi == WORK_DPI:
        return img
    w, h = img.size
    return img.resize((round(w * dpi / WORK_DPI), round(h * dpi / WORK_DPI)), Image.LANCZOS)


def bilevel(img, dpi, threshold):
    """Grey at `dpi`, then one global threshold, a fraction of the paper's
    median grey (as a scanner's automatic threshold): ink where darker."""
    g = scaled(img.convert("L"), dpi)
    cut = threshold * float(np.median(np.asarray(g)))
    return g.point(lambda v: 255 if v >= cut else 0).convert("1")


def g4_data(img):
    """CCITT G4 data of a 1-bit image with ink as the black runs (Pillow writes
    white-is-zero, so the image is inverted first), one strip."""
    buf = io.BytesIO()
    ImageOps.invert(img.convert("L")).convert("1").save(
        buf, format="TIFF", compression="group4", tiffinfo={278: img.height})
    tif = Image.open(io.BytesIO(buf.getvalue()))
    off, n = tif.tag_v2[273], tif.tag_v2[279]
    off = off[0] if isinstance(off, tuple) else off
    n = n[0] if isinstance(n, tuple) else n
    return buf.getvalue()[off:off + n]


def jbig2_data(img):
    """Embedded JBIG2 segments: page information, an immediate generic region
    with MMR coding (CCITT G4 data), end of page."""
    w, h = img.size

    def segment(number, kind, data):
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page_info = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([1]) + g4_data(img)
    return segment(0, 48, page_info) + segment(1, 38, region) + segment(2, 49, b"")


def encoded(pdf, img, codec, dpi, lv):
    """The page image as a PDF image XObject in `codec`."""
    if codec in ("g4", "jbig2"):
        w, h = img.size
        if codec == "g4":
            s = pikepdf.Stream(pdf, g4_data(img))
            s.Filter = pikepdf.Name.CCITTFaxDecode
            s.DecodeParms = pikepdf.Dictionary(K=-1, Columns=w, Rows=h)
        else:
            s = pikepdf.Stream(pdf, jbig2_data(img))
            s.Filter = pikepdf.Name.JBIG2Decode
        s.BitsPerComponent, s.ColorSpace = 1, pikepdf.Name.DeviceGray
    else:
        buf = io.BytesIO()
        if codec == "jpx":
            img.save(buf, format="JPEG2000", quality_mode="rates",
                     quality_layers=[lv["jpx_rate"]], irreversible=True)
            s = pikepdf.Stream(pdf, buf.getvalue())
            s.Filter = pikepdf.Name.JPXDecode
            s.ColorSpace = pikepdf.Name.DeviceRGB
        else:
            img.save(buf, format="JPEG", quality=lv["gray_q"])
            s = pikepdf.Stream(pdf, buf.getvalue())
            s.Filter = pikepdf.Name.DCTDecode
            s.ColorSpace = pikepdf.Name.DeviceGray
        s.BitsPerComponent = 8
        w, h = img.size
    s.Type, s.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    s.Width, s.Height = w, h
    return s, w * 72 / dpi, h * 72 / dpi


def codec_image(img, codec, dpi, lv):
    if codec in ("g4", "jbig2"):
        return bilevel(img, dpi, lv["threshold"])
    if codec == "jpx":
        return scaled(img, dpi)
    return scaled(img.convert("L"), dpi)


def write_pdf(pages, codec, dpi, lv, out):
    pdf = pikepdf.new()
    for img in pages:
        image, pw, ph = encoded(pdf, codec_image(img, codec, dpi, lv), codec, dpi, lv)
        page = pdf.add_blank_page(page_size=(pw, ph))
        page.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
        page.Contents = pdf.make_stream(f"q {pw:.3f} 0 0 {ph:.3f} 0 0 cm /Im0 Do Q".encode())
    pdf.save(out, compress_streams=True, deterministic_id=True)


def codec_dpi(codec, form, lv):
    _, g4_dpi, jbig2_dpi = form
    return {"g4": g4_dpi, "jbig2": jbig2_dpi, "jpx": 150, "jpeg": lv["gray_dpi"]}[codec]


def describe(codec, dpi, level, lv):
    parts = [f"level {level}: blur {lv['blur']} px, ink spread {lv['spread']}",
             "uneven light {:.0%}".format(lv["light"]), "red seal on page 1",
             f"skew {lv['skew']} deg", f"noise sigma {lv['sigma']}", f"salt-and-pepper {lv['salt']}",
             f"JPEG q{lv['jpeg']} generation loss"]
    if lv["copy2"]:
        parts.append("second photocopy generation (faded)")
    codec_text = {
        "g4": f"CCITT G4 at {dpi} dpi, threshold {lv['threshold']} of paper grey",
        "jbig2": f"JBIG2 generic MMR at {dpi} dpi, threshold {lv['threshold']} of paper grey",
        "jpx": f"colour JPEG 2000 at {dpi} dpi, rate 1:{lv['jpx_rate']}",
        "jpeg": f"grey JPEG at {dpi} dpi, q{lv['gray_q']}",
    }[codec]
    return ", ".join(parts) + "; " + codec_text


def main():
    samples = sys.argv[1] if len(sys.argv) > 1 else "samples"
    only = set(sys.argv[2:]) or set(CODECS)
    out_dir = os.path.join(samples, "degraded")
    os.makedirs(out_dir, exist_ok=True)
    manifest = json.load(open(os.path.join(samples, "manifest.json")))
    by_pdf = {e["pdf"]: e for e in manifest}
    entries = []
    for form in FORMS:
        src = form[0]
        with tempfile.TemporaryDirectory() as work:
            clean = render(os.path.join(samples, src), work)
        e = by_pdf[src]
        for codec in CODECS:
            for level, lv in LEVELS.items():
                seed = zlib.crc32(f"{src}/{codec}/{level}".encode())
                dpi = codec_dpi(codec, form, lv)
                name = src.replace(".lo.pdf", f".{codec}-l{level}.pdf")
                if codec in only:
                    rng = np.random.default_rng(seed)
                    pages = [degrade(p, rng, lv, i) for i, p in enumerate(clean)]
                    write_pdf(pages, codec, dpi, lv, os.path.join(out_dir, name))
                    print(name, os.path.getsize(os.path.join(out_dir, name)), file=sys.stderr)
                entries.append({
                    "pdf": name, "truth": "../" + e["truth"], "variant": f"{codec}-l{level}",
                    "codec": codec, "level": level, "dpi": dpi, "seed": seed,
                    "template": e["template"], "pages": len(clean), "text_layer": False,
                    "split_cells": e.get("split_cells", []),
                    "notes": f"{src}: " + describe(codec, dpi, level, lv),
                })
    with open(os.path.join(out_dir, "manifest.json"), "w") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(entries)} degraded scans to {out_dir}")


if __name__ == "__main__":
    main()
