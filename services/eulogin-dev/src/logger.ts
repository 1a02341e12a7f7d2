/** A tiny JSON-lines logger; this tool has no use for more. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

export function jsonLogger(stream: NodeJS.WritableStream = process.stdout): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    stream.write(
      `${JSON.stringify({ level, time: new Date().toISOString(), service: 'eulogin-dev', message, ...fields })}\n`,
    );
  return {
    info: (message, fields) => write('info', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}
