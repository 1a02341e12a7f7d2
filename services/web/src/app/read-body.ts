import type { Request } from 'express';
import busboy from 'busboy';
import type { FormBody, UploadedFile } from './page.types';

/** Limits of a form POST: fields (urlencoded) and files (multipart: imports, attachments). */
export const FORM_LIMITS = {
  fieldBytes: 100 * 1024,
  /** A multipart field may carry a file already checked once (the import's second step). */
  multipartFieldBytes: 8 * 1024 * 1024,
  fields: 200,
  fileBytes: 10 * 1024 * 1024,
  files: 5,
};

export class BodyTooLargeError extends Error {
  constructor() {
    super('the form is too large');
    this.name = 'BodyTooLargeError';
  }
}

/** The POST body of a page: urlencoded fields, or multipart fields and files. Other types: empty. */
export async function readBody(req: Request): Promise<{ form: FormBody; files: UploadedFile[] }> {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) return readMultipart(req);
  if (type.startsWith('application/x-www-form-urlencoded')) return { form: await readUrlencoded(req), files: [] };
  req.resume();
  return { form: {}, files: [] };
}

async function readUrlencoded(req: Request): Promise<FormBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > FORM_LIMITS.fieldBytes) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  const form: FormBody = {};
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) add(form, name, value);
  return form;
}

function add(form: FormBody, name: string, value: string): void {
  const existing = form[name];
  if (existing === undefined) form[name] = value;
  else form[name] = [...(Array.isArray(existing) ? existing : [existing]), value];
}

function readMultipart(req: Request): Promise<{ form: FormBody; files: UploadedFile[] }> {
  return new Promise((resolve, reject) => {
    const form: FormBody = {};
    const files: UploadedFile[] = [];
    let tooLarge = false;
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: {
          fieldSize: FORM_LIMITS.multipartFieldBytes,
          fields: FORM_LIMITS.fields,
          fileSize: FORM_LIMITS.fileBytes,
          files: FORM_LIMITS.files,
        },
      });
    } catch (error) {
      reject(error);
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) tooLarge = true;
      else add(form, name, value);
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (tooLarge = true));
      stream.on('end', () => {
        // An empty file input still sends a part with no name and no bytes.
        if (info.filename && chunks.length > 0) {
          files.push({ field, filename: info.filename, mimeType: info.mimeType, data: Buffer.concat(chunks) });
        }
      });
    });
    parser.on('filesLimit', () => (tooLarge = true));
    parser.on('error', reject);
    parser.on('close', () => (tooLarge ? reject(new BodyTooLargeError()) : resolve({ form, files })));
    req.pipe(parser);
  });
}
