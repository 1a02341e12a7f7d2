import { ATTACHMENT_TYPES } from '@lmp/contracts';

export type AttachmentKind = keyof typeof ATTACHMENT_TYPES;

const EXTENSIONS: Record<AttachmentKind, string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  xlsx: ['xlsx'],
};

const startsWith = (content: Buffer, bytes: number[]) =>
  content.length >= bytes.length && bytes.every((b, i) => content[i] === b);

/**
 * What the file is, from its content alone (never its name or the client's Content-Type):
 * PDF, PNG or JPEG by their signatures; XLSX is a ZIP whose entries include `[Content_Types].xml`
 * and a workbook under `xl/` (a plain ZIP or a Word file is not one). Undefined: none of these.
 */
export function detectKind(content: Buffer): AttachmentKind | undefined {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf'; // %PDF-
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(content, [0x50, 0x4b, 0x03, 0x04])) {
    const names = zipEntryNames(content);
    if (names?.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  }
  return undefined;
}

export const contentTypeOf = (kind: AttachmentKind): string => ATTACHMENT_TYPES[kind];

/**
 * Control characters (C0, DEL, C1), the bidirectional embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069, which make `invoice‮fdp.exe` look like `invoiceexe.pdf`), the
 * other invisible format marks (U+200B–U+200F, U+2028/U+2029, U+FEFF) and `"`.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff"]/g;

/**
 * The name to store: the client's, without any path or control characters, and with the
 * extension of what the file really is (a PDF sent as `scan.png` is kept as `scan.pdf`).
 */
export function storedFileName(clientName: string, kind: AttachmentKind): string {
  const cleaned = (clientName.split(/[\\/]/).pop() ?? '').replace(UNSAFE_CHARACTERS, '').trim();
  // Cut by code points, never inside a surrogate pair.
  const base = Array.from(cleaned).slice(0, 200).join('');
  const dot = base.lastIndexOf('.');
  // `.pdf` alone is an extension without a name: `file.pdf`.
  const stem = dot > 0 ? base.slice(0, dot) : dot === 0 ? 'file' : base || 'attachment';
  const extension = dot >= 0 ? base.slice(dot + 1).toLowerCase() : '';
  return EXTENSIONS[kind].includes(extension)
    ? `${stem}.${base.slice(dot + 1)}`
    : `${stem}.${EXTENSIONS[kind][0]}`;
}

const EOCD = 0x06054b50;
const CENTRAL_ENTRY = 0x02014b50;

/** The names in a ZIP's central directory; undefined when it has none that reads. */
export function zipEntryNames(zip: Buffer): string[] | undefined {
  // The end-of-central-directory record is in the last 22 + 65,535 (comment) bytes.
  const floor = Math.max(0, zip.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = zip.length - 22; i >= floor; i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_ENTRY) return undefined;
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    if (offset + 46 + nameLength > zip.length) return undefined;
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
