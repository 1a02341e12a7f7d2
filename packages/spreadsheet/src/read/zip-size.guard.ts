import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export type ZipSize = { ok: true; bytes: number } | { ok: false; reason: 'too-large' | 'unreadable' };

/**
 * What a ZIP (an XLSX workbook) unpacks to, counted by inflating each entry with a hard output
 * cap: a 5 MB upload can otherwise unpack to gigabytes ("zip bomb") inside the workbook library,
 * and the sizes a ZIP declares may lie. Costs one extra inflate of a file that is small anyway.
 */
export function inflatedSizeOf(zip: Buffer, maxBytes: number): ZipSize {
  try {
    let end = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
      if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        end = i;
        break;
      }
    }
    if (end < 0) return { ok: false, reason: 'unreadable' };
    const entries = zip.readUInt16LE(end + 10);
    let at = zip.readUInt32LE(end + 16);
    let bytes = 0;
    for (let n = 0; n < entries; n++) {
      if (zip.readUInt32LE(at) !== CENTRAL_HEADER) return { ok: false, reason: 'unreadable' };
      const method = zip.readUInt16LE(at + 10);
      const compressed = zip.readUInt32LE(at + 20);
      const local = zip.readUInt32LE(at + 42);
      at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
      if (zip.readUInt32LE(local) !== LOCAL_HEADER) return { ok: false, reason: 'unreadable' };
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + compressed);
      if (method === 0) bytes += data.length;
      else if (method === 8) bytes += inflateRawSync(data, { maxOutputLength: maxBytes - bytes + 1 }).length;
      else return { ok: false, reason: 'unreadable' };
      if (bytes > maxBytes) return { ok: false, reason: 'too-large' };
    }
    return { ok: true, bytes };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, reason: code === 'ERR_BUFFER_TOO_LARGE' ? 'too-large' : 'unreadable' };
  }
}
