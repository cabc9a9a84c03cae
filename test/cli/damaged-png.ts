/** Test support: PNGs with valid chunks whose pixel data stops after a few rows (a real-world truncation). */
import { crc32, deflateSync } from "node:zlib";

function chunk(type: string, body: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, "ascii"), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([len, typed, crc]);
}

/** width × height, RGB (colour type 2) or RGBA (6), 8 bits, but the IDAT holds only `rows` rows. */
export function pngWithRows(width: number, height: number, alpha: boolean, rows: number): Buffer {
  const channels = alpha ? 4 : 3;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = alpha ? 6 : 2;
  const raw = Buffer.alloc(rows * (1 + width * channels), 0x80); // filter byte 0x80 is invalid…
  for (let r = 0; r < rows; r++) raw[r * (1 + width * channels)] = 0; // …so set each row's to 0 (none)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
