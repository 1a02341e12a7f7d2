/** One file of the archive as the central directory describes it. */
export interface ZipEntry {
  name: Buffer;
  crc: number;
  compressed: number;
  size: number;
  /** Where its local header starts. */
  offset: number;
  /** Written as a stream: sizes and CRC in a data descriptor after the data (flag bit 3). */
  streamed: boolean;
  modified: { time: number; date: number };
}

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;
const MAX32 = 0xffffffff;
const MAX16 = 0xffff;
const DEFLATED = 8;
const STREAMED = 0x0008;
/** 2.0: deflate; 4.5: ZIP64. */
const V20 = 20;
const V45 = 45;

/** MS-DOS date and time (UTC; the format has no zone), as every ZIP header holds them. */
export function dosDateTime(at: Date): { time: number; date: number } {
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/**
 * The local header. A streamed file's CRC and sizes are not known yet: zero here, then in its
 * data descriptor. No ZIP64 extra field: a streaming zipper cannot know it will need one, and
 * readers take ZIP64 sizes from the central directory (APPNOTE 4.3.9; Info-ZIP does the same).
 */
export function localHeader(e: ZipEntry): Buffer {
  const b = Buffer.alloc(30 + e.name.length);
  b.writeUInt32LE(LOCAL_HEADER, 0);
  b.writeUInt16LE(V20, 4);
  b.writeUInt16LE(e.streamed ? STREAMED : 0, 6);
  b.writeUInt16LE(DEFLATED, 8);
  b.writeUInt16LE(e.modified.time, 10);
  b.writeUInt16LE(e.modified.date, 12);
  if (!e.streamed) {
    b.writeUInt32LE(e.crc, 14);
    b.writeUInt32LE(e.compressed, 18);
    b.writeUInt32LE(e.size, 22);
  }
  b.writeUInt16LE(e.name.length, 26);
  e.name.copy(b, 30);
  return b;
}

/** After a streamed file's data: its CRC and sizes, 8-byte sizes when either needs ZIP64. */
export function dataDescriptor(e: ZipEntry, zip64From: number): Buffer {
  const wide = e.compressed >= zip64From || e.size >= zip64From;
  const b = Buffer.alloc(wide ? 24 : 16);
  b.writeUInt32LE(DATA_DESCRIPTOR, 0);
  b.writeUInt32LE(e.crc, 4);
  if (wide) {
    b.writeBigUInt64LE(BigInt(e.compressed), 8);
    b.writeBigUInt64LE(BigInt(e.size), 16);
  } else {
    b.writeUInt32LE(e.compressed, 8);
    b.writeUInt32LE(e.size, 12);
  }
  return b;
}

/** One central directory header, with a ZIP64 extra field for each value that does not fit. */
function centralHeader(e: ZipEntry, zip64From: number): Buffer {
  const wide = [e.size, e.compressed, e.offset].map((v) => v >= zip64From);
  const extra = wide.filter(Boolean).length * 8;
  const b = Buffer.alloc(46 + e.name.length + (extra ? 4 + extra : 0));
  b.writeUInt32LE(CENTRAL_HEADER, 0);
  b.writeUInt16LE(V45, 4); // made by: 4.5, MS-DOS attributes
  b.writeUInt16LE(extra ? V45 : V20, 6);
  b.writeUInt16LE(e.streamed ? STREAMED : 0, 8);
  b.writeUInt16LE(DEFLATED, 10);
  b.writeUInt16LE(e.modified.time, 12);
  b.writeUInt16LE(e.modified.date, 14);
  b.writeUInt32LE(e.crc, 16);
  b.writeUInt32LE(wide[1] ? MAX32 : e.compressed, 20);
  b.writeUInt32LE(wide[0] ? MAX32 : e.size, 24);
  b.writeUInt16LE(e.name.length, 28);
  b.writeUInt16LE(extra ? 4 + extra : 0, 30);
  b.writeUInt32LE(wide[2] ? MAX32 : e.offset, 42);
  e.name.copy(b, 46);
  let at = 46 + e.name.length;
  if (extra) {
    b.writeUInt16LE(0x0001, at); // the ZIP64 extended information field
    b.writeUInt16LE(extra, at + 2);
    at += 4;
    // In this order, only those marked 0xFFFFFFFF above (APPNOTE 4.5.3).
    for (const [i, v] of [e.size, e.compressed, e.offset].entries()) {
      if (!wide[i]) continue;
      b.writeBigUInt64LE(BigInt(v), at);
      at += 8;
    }
  }
  return b;
}

/**
 * The central directory and its end record, starting at `offset`: preceded by the ZIP64 end
 * record and its locator when the count, size or offset of the directory does not fit the classic one.
 */
export function centralDirectory(entries: readonly ZipEntry[], offset: number, zip64From: number): Buffer {
  const headers = Buffer.concat(entries.map((e) => centralHeader(e, zip64From)));
  const size = headers.length;
  const wide = entries.length >= MAX16 || size >= zip64From || offset >= zip64From;
  const parts = [headers];
  if (wide) {
    const z = Buffer.alloc(56 + 20);
    z.writeUInt32LE(ZIP64_END, 0);
    z.writeBigUInt64LE(44n, 4); // the size of the rest of this record
    z.writeUInt16LE(V45, 12);
    z.writeUInt16LE(V45, 14);
    z.writeBigUInt64LE(BigInt(entries.length), 24);
    z.writeBigUInt64LE(BigInt(entries.length), 32);
    z.writeBigUInt64LE(BigInt(size), 40);
    z.writeBigUInt64LE(BigInt(offset), 48);
    z.writeUInt32LE(ZIP64_LOCATOR, 56);
    z.writeBigUInt64LE(BigInt(offset + size), 64); // where the ZIP64 end record starts
    z.writeUInt32LE(1, 72); // disks in all
    parts.push(z);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(Math.min(entries.length, MAX16), 8);
  end.writeUInt16LE(Math.min(entries.length, MAX16), 10);
  end.writeUInt32LE(wide ? MAX32 : size, 12);
  end.writeUInt32LE(wide ? MAX32 : offset, 16);
  parts.push(end);
  return Buffer.concat(parts);
}
