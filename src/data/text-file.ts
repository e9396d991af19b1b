/**
 * A user's UTF-8 text file, read whole. Text large enough not to fit comfortably in memory should be
 * tokenized once into nanoGPT train.bin/val.bin instead, which are read window by window.
 */
import { readFileSync, statSync } from 'node:fs';
import { DataError } from './errors.ts';

/** Above this the char tokenizer would need several times the file size in memory. */
export const MAX_TEXT_BYTES = 512 * 1024 * 1024;

export function readTextFile(path: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new DataError(`${path}: not a file`);
    size = stat.size;
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(`${path}: cannot read text file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (size > MAX_TEXT_BYTES) {
    throw new DataError(
      `${path}: text file is ${(size / 2 ** 20).toFixed(0)} MiB, over the ${MAX_TEXT_BYTES / 2 ** 20} MiB limit for plain text; ` +
        'tokenize it into nanoGPT train.bin/val.bin and use the nanogpt-bin task',
    );
  }
  const bytes = readFileSync(path);
  return decodeText(bytes, path);
}

/** Strict UTF-8 decoding; rejects empty (or whitespace-only) and binary content by name. */
export function decodeText(bytes: Uint8Array, path: string): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new DataError(`${path}: looks binary (NUL byte at offset ${nul}), expected UTF-8 text`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(`${path}: not valid UTF-8 (${firstInvalidUtf8(bytes)}), expected UTF-8 text`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark is not content
  if (text.trim().length === 0) throw new DataError(`${path}: text file is empty`);
  return text;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (same rules as TextDecoder). */
function firstInvalidUtf8(bytes: Uint8Array): string {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i];
    let len: number;
    let lo = 0x80;
    let hi = 0xbf; // allowed range of the second byte: narrower for lead bytes that could be overlong or surrogates
    if (lead < 0x80) len = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) len = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      len = 3;
      if (lead === 0xe0) lo = 0xa0;
      if (lead === 0xed) hi = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      len = 4;
      if (lead === 0xf0) lo = 0x90;
      if (lead === 0xf4) hi = 0x8f;
    } else return `bad byte 0x${lead.toString(16)} at offset ${i}`;
    for (let k = 1; k < len; k++) {
      const b = bytes[i + k];
      const ok = b !== undefined && (k === 1 ? b >= lo && b <= hi : b >= 0x80 && b <= 0xbf);
      if (!ok) return `bad byte 0x${lead.toString(16)} at offset ${i}`;
    }
    i += len;
  }
  return 'bad byte';
}
