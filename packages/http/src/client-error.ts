import type { Socket } from 'node:net';
import { AppError, toProblem, type ErrorCode } from '@lmp/errors';

/** What Node's HTTP parser reports, as the answer it would have given (with an empty body). */
function problemCodeOf(error: { code?: unknown }): ErrorCode {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 'HTTP.HEADERS_TOO_LARGE';
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 'HTTP.PAYLOAD_TOO_LARGE';
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'HTTP.REQUEST_TIMEOUT';
    default:
      return 'HTTP.BAD_REQUEST';
  }
}

const DETAIL: Partial<Record<ErrorCode, string>> = {
  'HTTP.HEADERS_TOO_LARGE': 'The request headers exceed the size limit',
  'HTTP.PAYLOAD_TOO_LARGE': 'The chunk extensions of the request body exceed the size limit',
  'HTTP.REQUEST_TIMEOUT': 'The request did not arrive in time',
  'HTTP.BAD_REQUEST': 'The request is not valid HTTP',
};

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

/**
 * The server's `clientError` listener: a request Node's parser refuses (headers over the limit, a
 * NUL in a header, broken framing) never reaches Express, so it is answered here, as problem+json
 * like every other refusal, and the connection closed. Nothing is written when the socket cannot
 * take it or a response on this connection has already started: the peer would get a garbled one.
 */
export function answerClientError(error: Error & { code?: unknown }, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const code = problemCodeOf(error);
  const problem = toProblem(new AppError(code, DETAIL[code] ?? 'The request is not valid HTTP'));
  const body = JSON.stringify(problem);
  socket.end(
    `HTTP/1.1 ${problem.status} ${REASON[problem.status] ?? 'Bad Request'}\r\n` +
      'Content-Type: application/problem+json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      '\r\n' +
      body,
    () => socket.destroy(),
  );
}
