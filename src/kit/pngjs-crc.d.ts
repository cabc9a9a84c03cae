/** pngjs ships no types for its CRC-32 module (lib/crc.js): the one function png-text.ts uses. */
declare module "pngjs/lib/crc" {
  const Crc: { crc32(bytes: Uint8Array): number };
  export default Crc;
}
