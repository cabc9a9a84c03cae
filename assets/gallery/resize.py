# Makes the gallery's JPEGs from the shared paintings (see README.md here): the largest original
# there is (../shared/images/large/ where it has one, else the 512 px normalised copy), long side
# min(its own, 1024) px (Lanczos, aspect kept, never enlarged), baseline JPEG, 4:2:0, no metadata,
# each at the lowest quality of SWEEP whose style distance to the lossless picture is under 100
# (docs/perf/gallery.md).
# Run: /usr/bin/python3 assets/gallery/resize.py ../shared/images   (Pillow 9.4; same input -> same bytes)
# Quality sweep (docs/perf/gallery.md): resize.py ../shared/images --sweep OUT_DIR writes, per painting,
# the lossless reference (SLUG.png), SLUG-qNN.jpg for each quality in SWEEP and two yardsticks, for
# benchmarks/gallery-quality.ts.
import sys
from pathlib import Path
from PIL import Image

SOURCES = {
    "starry-night": "large/style_starry_night_1280.jpg",
    "the-scream": "style_the_scream.jpg",
    "great-wave": "large/style_great_wave_928.jpg",
    "composition-vii": "large/style_composition_vii_1071.jpg",
    "the-kiss": "large/style_the_kiss_640.png",
}
MAX_LONG_SIDE = 1024
QUALITY = {"starry-night": 90, "the-scream": 70, "great-wave": 90, "composition-vii": 80, "the-kiss": 80}
SWEEP = [50, 60, 70, 80, 85, 90, 95]


def fit(im, long_side, resample=Image.LANCZOS):
    scale = long_side / max(im.size)
    size = (round(im.width * scale), round(im.height * scale))
    return im if size == im.size else im.resize(size, resample)


def resized(path, resample=Image.LANCZOS):
    im = Image.open(path).convert("RGB")
    return fit(im, min(MAX_LONG_SIDE, max(im.size)), resample)


def save(im, path, quality):
    im.save(path, "JPEG", quality=quality, subsampling=2, progressive=False, optimize=False)


args = sys.argv[1:]
src_dir = Path(args[0] if args and not args[0].startswith("--") else "../shared/images")
sweep_dir = Path(args[args.index("--sweep") + 1]) if "--sweep" in args else None
out_dir = Path(__file__).resolve().parent
for slug, name in SOURCES.items():
    im = resized(src_dir / name)
    if sweep_dir:
        sweep_dir.mkdir(parents=True, exist_ok=True)
        im.save(sweep_dir / f"{slug}.png")
        for q in SWEEP:
            save(im, sweep_dir / f"{slug}-q{q}.jpg", q)
        # Yardsticks: another filter's resampling, and what a 256 px copy keeps (back at this size).
        resized(src_dir / name, Image.BICUBIC).save(sweep_dir / f"{slug}-bicubic.png")
        fit(fit(im, 256), max(im.size)).save(sweep_dir / f"{slug}-via256.png")
        continue
    save(im, out_dir / f"{slug}.jpg", QUALITY[slug])
    print(slug, im.size, QUALITY[slug], (out_dir / f"{slug}.jpg").stat().st_size)
