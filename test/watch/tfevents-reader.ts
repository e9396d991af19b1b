/**
 * An event-file reader written from the formats' specifications for the tests, sharing no code
 * with the writer: TFRecord framing (uint64 LE length, masked CRC-32C of the length, data, masked
 * CRC-32C of the data) with a bitwise CRC-32C (reflected polynomial 0x82F63B78), and protobuf wire
 * decoding (varint keys; wire types 0 varint, 1 64-bit, 2 length-delimited, 5 32-bit) of
 *   Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
 *   Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }
 */

export interface DecodedEvent {
  wallTime: number;
  step: number;
  fileVersion: string | null;
  values: { tag: string; value: number }[];
}

function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function masked(crc: number): number {
  const rotated = ((crc >>> 15) | (crc << 17)) >>> 0;
  return (rotated + 0xa282ead8) % 2 ** 32;
}

export function readRecords(file: Buffer): Buffer[] {
  const records: Buffer[] = [];
  let at = 0;
  while (at < file.length) {
    if (at + 12 > file.length) throw new Error(`truncated record header at byte ${at}`);
    const lengthBytes = file.subarray(at, at + 8);
    const length = Number(file.readBigUInt64LE(at));
    if (file.readUInt32LE(at + 8) !== masked(crc32c(lengthBytes))) throw new Error(`bad length CRC at byte ${at}`);
    const data = file.subarray(at + 12, at + 12 + length);
    if (data.length !== length || at + 16 + length > file.length) throw new Error(`truncated record at byte ${at}`);
    if (file.readUInt32LE(at + 12 + length) !== masked(crc32c(data))) throw new Error(`bad data CRC at byte ${at}`);
    records.push(data);
    at += 16 + length;
  }
  return records;
}

interface Field {
  number: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[at++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (at < buffer.length) {
    const key = Number(varint());
    const field: Field = { number: key >>> 3, wire: key & 7 };
    if (field.wire === 0) field.varint = varint();
    else if (field.wire === 1) (field.bytes = buffer.subarray(at, at + 8)), (at += 8);
    else if (field.wire === 5) (field.bytes = buffer.subarray(at, at + 4)), (at += 4);
    else if (field.wire === 2) {
      const length = Number(varint());
      field.bytes = buffer.subarray(at, at + length);
      at += length;
    } else throw new Error(`unexpected wire type ${field.wire}`);
    out.push(field);
  }
  return out;
}

export function decodeEvent(record: Buffer): DecodedEvent {
  const event: DecodedEvent = { wallTime: Number.NaN, step: 0, fileVersion: null, values: [] };
  for (const f of fields(record)) {
    if (f.number === 1 && f.wire === 1) event.wallTime = f.bytes!.readDoubleLE(0);
    else if (f.number === 2 && f.wire === 0) event.step = Number(BigInt.asIntN(64, f.varint!));
    else if (f.number === 3 && f.wire === 2) event.fileVersion = f.bytes!.toString('utf8');
    else if (f.number === 5 && f.wire === 2) {
      for (const v of fields(f.bytes!)) {
        if (v.number !== 1 || v.wire !== 2) throw new Error(`unexpected Summary field ${v.number}`);
        let tag = '';
        let value = Number.NaN;
        for (const inner of fields(v.bytes!)) {
          if (inner.number === 1 && inner.wire === 2) tag = inner.bytes!.toString('utf8');
          else if (inner.number === 2 && inner.wire === 5) value = inner.bytes!.readFloatLE(0);
          else throw new Error(`unexpected Summary.Value field ${inner.number}`);
        }
        event.values.push({ tag, value });
      }
    } else throw new Error(`unexpected Event field ${f.number} (wire ${f.wire})`);
  }
  return event;
}
