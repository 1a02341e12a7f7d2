import { once } from 'node:events';
import type { TransformOptions, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createDeflateRaw, deflateRawSync, type DeflateRaw, type ZlibOptions } from 'node:zlib';
import { crc32 } from './crc32';
import { centralDirectory, dataDescriptor, dosDateTime, localHeader, type ZipEntry } from './zip-records';

export interface ZipStreamOptions {
  /** Sizes and offsets from this one up are written in ZIP64 fields (tests lower it to reach them). */
  zip64From?: number;
}

/** The deflater's output chunks. */
const DEFLATE_CHUNK = 64 * 1024;
/** Uncompressed bytes that may wait for the deflater before write() answers false: a few chunks. */
const DEFLATE_PENDING = 256 * 1024;

/**
 * A ZIP archive written front to back onto `out` (an HTTP response), never held whole: small
 * files with their sizes in the local header, then one streamed file (a worksheet) deflated as it
 * is written, on zlib's thread while the caller encodes the next bytes; its CRC-32 and sizes follow
 * it in a data descriptor (flag bit 3); then the central directory. Back-pressure is end to end:
 * the deflater pauses while `out` is full, write() answers false while the deflater is behind,
 * drained() waits until it caught up. ZIP64 fields appear only where a size or offset needs them
 * (the central directory, a data descriptor with 8-byte sizes, the ZIP64 end record), as Info-ZIP
 * writes streamed archives, so an ordinary file is the classic format every reader knows
 * (exceljs's files had the same layout). Excel is reported to want "version 4.5" in the local
 * header of a file that turns out to need ZIP64 (rzymek/opczip), which a streaming writer cannot
 * know when it writes that header: a worksheet over 4 GiB may make Excel offer a repair, while
 * unzip and Python's zipfile verify it (checked with a 4.5 GB sheet). The licence export's rows are
 * about 1.4 KB, so its sheet stays under 1.5 GB within Excel's 1,048,576 rows.
 *
 * `out` closing or failing before the end stops the work: the deflater is destroyed and every
 * pending or later call rejects with the reason; nothing waits forever.
 */
export class ZipStream {
  private offset = 0;
  private readonly entries: ZipEntry[] = [];
  private readonly zip64From: number;
  private readonly modified = dosDateTime(new Date());
  private deflate: DeflateRaw | undefined;
  private current: ZipEntry | undefined;
  private failure: Error | undefined;
  private ended = false;
  private readonly stopped: Promise<never>;
  private stop!: (error: Error) => void;

  constructor(
    private readonly out: Writable,
    options: ZipStreamOptions = {},
  ) {
    this.zip64From = options.zip64From ?? 0xffffffff;
    this.stopped = new Promise<never>((_, reject) => (this.stop = reject));
    this.stopped.catch(() => undefined); // rejects whoever waits on it; nobody waiting is fine
    out.on('close', this.onClose);
    out.on('error', this.destroy);
    out.on('drain', this.onDrain);
    if (out.destroyed || out.writableEnded) this.destroy(new Error('the output is closed'));
  }

  /** A small file, deflated in one go. */
  addFile(name: string, data: Buffer): void {
    const packed = deflateRawSync(data);
    this.begin({ name, streamed: false, crc: crc32(data), compressed: packed.length, size: data.length });
    this.emit(packed);
  }

  /** Starts the streamed file: write() its bytes, then closeFile(). */
  openFile(name: string, level: number): void {
    const entry = this.begin({ name, streamed: true, crc: 0, compressed: 0, size: 0 });
    // zlib hands stream options to its Transform; its types do not say so.
    const options: ZlibOptions & TransformOptions = {
      level,
      chunkSize: DEFLATE_CHUNK,
      writableHighWaterMark: DEFLATE_PENDING,
    };
    const deflate = createDeflateRaw(options);
    deflate.on('data', (chunk: Buffer) => {
      entry.compressed += chunk.length;
      if (!this.emit(chunk)) deflate.pause(); // resumed on out's 'drain'
    });
    deflate.on('error', this.destroy);
    this.deflate = deflate;
    this.current = entry;
  }

  /** Bytes of the streamed file; false: wait for drained() before writing more. */
  write(data: Buffer): boolean {
    this.assertRunning();
    const entry = this.current!;
    entry.crc = crc32(data, entry.crc);
    entry.size += data.length;
    return this.deflate!.write(data);
  }

  /** Resolves once the deflater takes more; rejects if the output stopped. */
  async drained(): Promise<void> {
    this.assertRunning();
    if (this.deflate?.writableNeedDrain) await Promise.race([once(this.deflate, 'drain'), this.stopped]);
  }

  /** Ends the streamed file: the rest of its compressed bytes, then its data descriptor. */
  async closeFile(): Promise<void> {
    this.assertRunning();
    const deflate = this.deflate!;
    const ended = once(deflate, 'end');
    deflate.end();
    await Promise.race([ended, this.stopped]);
    this.emit(dataDescriptor(this.current!, this.zip64From));
    this.deflate = undefined;
    this.current = undefined;
  }

  /** The central directory, then the end of `out`; resolves once `out` has taken every byte. */
  async finish(): Promise<void> {
    this.assertRunning();
    if (this.deflate) throw new Error('the streamed file is still open');
    this.emit(centralDirectory(this.entries, this.offset, this.zip64From));
    this.ended = true;
    this.out.end();
    try {
      await Promise.race([finished(this.out), this.stopped]);
    } finally {
      this.detach();
    }
  }

  /** Stops the archive where it is (the caller failed, or `out` did): nothing more is written. */
  readonly destroy = (error: Error): void => {
    if (this.failure) return;
    this.failure = error;
    this.deflate?.destroy();
    this.detach();
    this.stop(error);
  };

  private begin(e: Omit<ZipEntry, 'offset' | 'modified' | 'name'> & { name: string }): ZipEntry {
    this.assertRunning();
    if (this.deflate) throw new Error(`${e.name}: the streamed file is still open`);
    if (!/^[\x21-\x7e]+$/.test(e.name)) throw new Error(`${e.name}: a file name here is printable ASCII`);
    const entry: ZipEntry = {
      ...e,
      name: Buffer.from(e.name, 'ascii'),
      offset: this.offset,
      modified: this.modified,
    };
    this.entries.push(entry);
    this.emit(localHeader(entry));
    return entry;
  }

  /** Bytes onto `out`, counted for the offsets; false while `out` is full. */
  private emit(bytes: Buffer): boolean {
    if (this.failure) return true; // the deflater's last chunks after a stop: dropped
    this.offset += bytes.length;
    return this.out.write(bytes);
  }

  /** Throws the reason the archive stopped, if it did. */
  assertRunning(): void {
    if (this.failure) throw this.failure;
    if (this.ended) throw new Error('the archive is finished');
  }

  private readonly onDrain = () => this.deflate?.resume();

  private readonly onClose = () => {
    if (!this.out.writableFinished) this.destroy(new Error('the output closed before the end of the file'));
  };

  private detach(): void {
    this.out.off('close', this.onClose);
    this.out.off('error', this.destroy);
    this.out.off('drain', this.onDrain);
  }
}
