# Makes the gallery's JPEGs from the shared 512 px normalised paintings (see README.md here):
# long side 256 px (Lanczos, aspect kept), baseline JPEG, 4:2:0, quality 85, no metadata.
# Run: /usr/bin/python3 assets/gallery/resize.py ../shared/images   (Pillow 9.4; same input -> same bytes)
import sys
from pathlib import Path
from PIL import Image

SOURCES = {
    "starry-night": "style_starry_night.jpg",
    "the-scream": "style_the_scream.jpg",
    "great-wave": "style_great_wave.jpg",
    "composition-vii": "style_composition_vii.jpg",
    "the-kiss": "style_the_kiss.jpg",
}
LONG_SIDE = 256

src_dir = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/images")
out_dir = Path(__file__).resolve().parent
for slug, name in SOURCES.items():
    im = Image.open(src_dir / name).convert("RGB")
    scale = LONG_SIDE / max(im.size)
    size = (round(im.width * scale), round(im.height * scale))
    im.resize(size, Image.LANCZOS).save(out_dir / f"{slug}.jpg", "JPEG", quality=85, subsampling=2, progressive=False, optimize=False)
    print(slug, size, (out_dir / f"{slug}.jpg").stat().st_size)
