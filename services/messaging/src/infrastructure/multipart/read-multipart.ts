import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { AppError } from '@lmp/errors';

export interface ReceivedFile {
  field: string;
  fileName: string;
  /** Kept in memory only while it is within the limit; empty once it went over. */
  content: Buffer;
  /** The file has more than `maxFileBytes`: the rest of it was read and dropped. */
  tooLarge: boolean;
}

export interface MultipartBody {
  fields: Record<string, string>;
  /** The names of the fields received, in order (a name sent twice shows twice). */
  fieldNames: string[];
  /** More fields than `maxFields` came: the extra ones were dropped unread (busboy's fieldsLimit). */
  tooManyFields: boolean;
  /** More parts than fields and files together may be (busboy's partsLimit): the rest was dropped. */
  tooManyParts: boolean;
  /** A field longer than `maxFieldBytes`. */
  truncatedFields: string[];
  files: ReceivedFile[];
  /** More files than `maxFiles` came: the extra ones were dropped unread. */
  tooManyFiles: boolean;
}

export interface MultipartLimits {
  maxFiles: number;
  maxFileBytes: number;
  maxFieldBytes: number;
  maxFields: number;
}

/**
 * Reads a multipart/form-data request as it streams in, nothing on disk: each file is kept in
 * memory up to the limit (so at most maxFiles × maxFileBytes per request); past it, the rest is
 * read and dropped and the file marked, so the caller answers with the file's name instead of
 * the connection being cut. Nothing is dropped silently: extra fields, files or parts are marked
 * for the caller to refuse. A body that is not valid multipart is a 400.
 */
export function readMultipart(req: IncomingMessage, limits: MultipartLimits): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: {
          files: limits.maxFiles,
          // busboy marks a file that reaches its limit: one byte more, so maxFileBytes itself passes.
          fileSize: limits.maxFileBytes + 1,
          fieldSize: limits.maxFieldBytes,
          fields: limits.maxFields,
          parts: limits.maxFiles + limits.maxFields + 1,
        },
      });
    } catch (error) {
      reject(
        new AppError('HTTP.BAD_REQUEST', 'The multipart/form-data body has no boundary', { cause: error }),
      );
      return;
    }
    const body: MultipartBody = {
      fields: {},
      fieldNames: [],
      tooManyFields: false,
      tooManyParts: false,
      truncatedFields: [],
      files: [],
      tooManyFiles: false,
    };
    parser.on('field', (name, value, info) => {
      body.fieldNames.push(name);
      if (info.valueTruncated) body.truncatedFields.push(name);
      body.fields[name] = value;
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      const file: ReceivedFile = {
        field,
        fileName: info.filename ?? '',
        content: Buffer.alloc(0),
        tooLarge: false,
      };
      body.files.push(file);
      stream.on('data', (chunk: Buffer) => {
        if (!file.tooLarge) chunks.push(chunk);
      });
      stream.on('limit', () => {
        file.tooLarge = true;
        chunks.length = 0;
      });
      stream.on('end', () => {
        if (!file.tooLarge) file.content = Buffer.concat(chunks);
      });
    });
    parser.on('filesLimit', () => {
      body.tooManyFiles = true;
    });
    parser.on('fieldsLimit', () => {
      body.tooManyFields = true;
    });
    parser.on('partsLimit', () => {
      body.tooManyParts = true;
    });
    parser.on('error', (error: Error) => {
      req.unpipe(parser);
      req.resume();
      reject(new AppError('HTTP.BAD_REQUEST', 'The multipart/form-data body is malformed', { cause: error }));
    });
    parser.on('close', () => resolve(body));
    // Also a client that hangs up mid-body (Node destroys the request with ECONNRESET): the read
    // ends here, so the caller lets go of its upload slot and of what it holds.
    req.on('error', (error) =>
      reject(new AppError('HTTP.BAD_REQUEST', 'The request body was cut short', { cause: error })),
    );
    req.pipe(parser);
  });
}
