// crc-32 ships types for its CRC-32 entry only; crc32c.js has the same API (CRC-32C, Castagnoli).
// It is CommonJS without static named exports, so it is imported as a default.
declare module 'crc-32/crc32c.js' {
  const CRC32C: {
    /** Signed 32-bit CRC-32C of the bytes (use >>> 0 for the unsigned value). */
    buf(data: Uint8Array, seed?: number): number;
    str(data: string, seed?: number): number;
  };
  export default CRC32C;
}
