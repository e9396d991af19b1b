/**
 * TFRecord framing, which TensorBoard's event files use: each record is
 *   uint64 little-endian length, uint32 masked CRC-32C of those 8 bytes, the data, uint32 masked
 *   CRC-32C of the data.
 * The CRC is crc-32's CRC-32C; the mask is TensorFlow's (rotate right by 15, add 0xa282ead8).
 */
import CRC32C from 'crc-32/crc32c.js';

const MASK_DELTA = 0xa282ead8;

export function maskedCrc32c(data: Uint8Array): number {
  const crc = CRC32C.buf(data) >>> 0;
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + MASK_DELTA) >>> 0;
}

export function tfRecord(data: Uint8Array): Buffer {
  const header = Buffer.alloc(12);
  header.writeBigUInt64LE(BigInt(data.length), 0);
  header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
  const footer = Buffer.alloc(4);
  footer.writeUInt32LE(maskedCrc32c(data), 0);
  return Buffer.concat([header, data, footer]);
}
