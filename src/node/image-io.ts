/**
 * Image files ↔ RgbaImage in Node, with maintained codecs (pngjs, jpeg-js). The format is read
 * from the magic bytes, never from the file name, so a mislabelled file still decodes.
 */
import { PNG } from "pngjs";
import jpeg from "jpeg-js";
import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import { atomicWrite, type AtomicWriteOptions } from "../kit/node/atomic-write";
import { applyOrientation, jpegOrientation } from "./exif-orientation";
import { pngDataLengths } from "./png-complete";
import { INPUT_LIMIT_WORDS, isTooLargeInput, MAX_INPUT_PIXELS } from "../engine/defaults";
import { PNG_SIGNATURE } from "../kit/png-size";
import { RestyleError } from "../engine/errors";
import type { RgbaImage } from "../engine/types";

export type ImageFormat = "png" | "jpeg";

/** A file that is not an image we read, or one that is damaged: a RestyleError ("bad-image") with the reason. */
export class ImageFormatError extends RestyleError {
  constructor(
    readonly kind: "unsupported" | "corrupt",
    message: string,
    detail?: string,
  ) {
    super("bad-image", message, detail);
    this.name = "ImageFormatError";
  }
}

export function detectFormat(bytes: Uint8Array): ImageFormat | null {
  // The bare signature counts too (isPng wants more bytes): such a file is refused as a damaged PNG, not an unknown format.
  if (bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return null;
}

/** Names the format of a file we refuse, so the message can say what it is. */
function describeUnknown(bytes: Uint8Array): string {
  const ascii = String.fromCharCode(...bytes.subarray(0, 12));
  if (ascii.startsWith("GIF8")) return "GIF";
  if (ascii.startsWith("RIFF") && ascii.slice(8, 12) === "WEBP") return "WebP";
  if (ascii.startsWith("BM")) return "BMP";
  if (ascii.startsWith("II*") || ascii.startsWith("MM\0*")) return "TIFF";
  if (ascii.slice(4, 12).startsWith("ftyp")) return "HEIC/AVIF";
  return "an unknown format";
}

function checkSize(width: number, height: number, label: string): void {
  if (!(width > 0 && height > 0)) throw new ImageFormatError("corrupt", `${label} has no pixels (${width}×${height}).`);
  if (isTooLargeInput(width, height)) throw new RestyleError("image-too-large", `${label} is ${width}×${height} px; the limit is ${INPUT_LIMIT_WORDS}.`);
}

/** Decodes PNG or JPEG bytes to straight 8-bit RGBA. `label` names the source in messages (a path). */
export function decodeImage(bytes: Uint8Array, label = "The image"): RgbaImage {
  if (!bytes.length) throw new ImageFormatError("corrupt", `${label} is empty (0 bytes).`);
  const format = detectFormat(bytes);
  if (!format) {
    throw new ImageFormatError("unsupported", `${label} is ${describeUnknown(bytes)}, not PNG or JPEG. Convert it to PNG or JPEG first.`);
  }
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === "png") {
    // IHDR width/height sit at bytes 16–23: refuse a huge image before inflating it.
    if (buf.length >= 24) checkSize(buf.readUInt32BE(16), buf.readUInt32BE(20), label);
    // pngjs fills missing rows with zeros rather than failing: the data length is checked first.
    const lengths = pngDataLengths(bytes);
    if (lengths && lengths.have < lengths.want) {
      throw new ImageFormatError(
        "corrupt",
        `${label} is a damaged PNG file: its pixel data stops part-way (${lengths.have} of ${lengths.want} bytes).`,
        `IDAT ${lengths.have}/${lengths.want}`,
      );
    }
    let png: PNG;
    try {
      png = PNG.sync.read(buf);
    } catch (e) {
      throw new ImageFormatError("corrupt", `${label} is a damaged PNG file.`, String(e));
    }
    checkSize(png.width, png.height, label);
    return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
  }
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_INPUT_PIXELS / 1e6, maxMemoryUsageInMB: 2048 });
  } catch (e) {
    const msg = String(e);
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(msg)) throw new RestyleError("image-too-large", `${label} is too large to decode.`, msg);
    throw new ImageFormatError("corrupt", `${label} is a damaged or unsupported JPEG file (progressive and CMYK JPEGs may not decode).`, msg);
  }
  checkSize(img.width, img.height, label);
  // Upright, as a browser draws it: a phone photo is stored sideways with an EXIF orientation.
  return applyOrientation({ width: img.width, height: img.height, data: img.data }, jpegOrientation(bytes));
}

/** Encodes straight RGBA as an 8-bit RGBA PNG. */
export function encodePng(img: RgbaImage): Buffer {
  if (img.data.length !== img.width * img.height * 4) {
    throw new RestyleError(
      "bad-image",
      "Cannot save the image: its pixel buffer has the wrong length.",
      `${img.data.length} bytes for ${img.width}×${img.height}`,
    );
  }
  const png = new PNG({ width: img.width, height: img.height, colorType: 6, inputHasAlpha: true });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  return PNG.sync.write(png, { colorType: 6, inputHasAlpha: true });
}

/** Composites straight RGBA over white (what an editor shows behind transparency) and encodes a baseline JPEG. */
export function encodeJpeg(img: RgbaImage, quality = JPEG_QUALITY): Buffer {
  if (img.data.length !== img.width * img.height * 4) {
    throw new RestyleError(
      "bad-image",
      "Cannot save the image: its pixel buffer has the wrong length.",
      `${img.data.length} bytes for ${img.width}×${img.height}`,
    );
  }
  const data = Buffer.alloc(img.data.length);
  for (let i = 0; i < data.length; i += 4) {
    const a = img.data[i + 3] / 255;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(img.data[i + c] * a + 255 * (1 - a));
    data[i + 3] = 255;
  }
  return jpeg.encode({ data, width: img.width, height: img.height }, quality).data;
}

/** JPEG quality for -o x.jpg: high, since the picture is the point. */
export const JPEG_QUALITY = 92;

/** The format a file name asks for: .png, .jpg/.jpeg (any case); null for anything else. */
export function formatForName(path: string): ImageFormat | null {
  const ext = extname(path).toLowerCase();
  return ext === ".png" ? "png" : ext === ".jpg" || ext === ".jpeg" ? "jpeg" : null;
}

/** An input path that is not a regular file (a folder, a FIFO, a device): refused before it is opened. */
export class NotAFileError extends Error {
  constructor(
    readonly path: string,
    readonly kind: "folder" | "special",
  ) {
    super(`${path} is not a regular file`);
    this.name = "NotAFileError";
  }
}

/**
 * Reads and decodes an image file. Only regular files are opened: a FIFO with no writer would block
 * forever. File-system errors (ENOENT, EACCES…) propagate as they are.
 */
export async function readImageFile(path: string, label = path): Promise<RgbaImage> {
  const st = await stat(path);
  if (st.isDirectory()) throw new NotAFileError(path, "folder");
  if (!st.isFile()) throw new NotAFileError(path, "special");
  const bytes = await readFile(path);
  return decodeImage(bytes, label);
}

/** Writes PNG or JPEG (by the name's extension; PNG when it has neither), atomically (atomic-write.ts). */
export async function writeImageFile(path: string, img: RgbaImage, opts?: AtomicWriteOptions): Promise<void> {
  await atomicWrite(path, formatForName(path) === "jpeg" ? encodeJpeg(img) : encodePng(img), opts);
}

export async function writePngFile(path: string, img: RgbaImage, opts?: AtomicWriteOptions): Promise<void> {
  await atomicWrite(path, encodePng(img), opts);
}
