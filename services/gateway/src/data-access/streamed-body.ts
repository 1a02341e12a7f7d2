import type { ClientRequest } from 'node:http';
import type { Readable } from 'node:stream';

/** A body sent on as it arrives from the client, never held whole: files. */
export interface StreamedBody {
  /** The client's request, not read yet. */
  source: Readable;
  /** Bytes it may have: one more and the service's request is aborted, the answer 413. */
  limit: number;
}

export interface BodyPump {
  /** Stops sending: what the client sends from now on is read and dropped, never held. */
  stop(): void;
}

/**
 * Sends a streamed body into `upstream` as it arrives, with back-pressure (the client is read no
 * faster than the service takes it), counting bytes. Past the limit nothing more is sent and
 * `overLimit` is called; a service that takes no bytes for `stallMs` is `stalled`; `sent` once
 * the whole body was handed over. A client that hangs up mid-body aborts the upstream request.
 */
export function pumpBody(
  { source, limit }: StreamedBody,
  upstream: ClientRequest,
  stallMs: number,
  on: { overLimit(): void; stalled(): void; sent(): void },
): BodyPump {
  let size = 0;
  let stopped = false;
  let stall: NodeJS.Timeout | undefined;
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      stop();
      on.overLimit();
      return;
    }
    if (!upstream.write(chunk)) {
      source.pause();
      stall ??= setTimeout(on.stalled, stallMs);
    }
  };
  const onDrain = () => {
    clearTimeout(stall);
    stall = undefined;
    if (!stopped) source.resume();
  };
  const onEnd = () => {
    if (stopped) return;
    stop(false);
    on.sent();
    upstream.end();
  };
  const onClose = () => {
    if (!stopped && !source.readableEnded) {
      stop();
      upstream.destroy();
    }
  };
  function stop(drop = true) {
    if (stopped) return;
    stopped = true;
    clearTimeout(stall);
    source.off('data', onData);
    source.off('end', onEnd);
    source.off('close', onClose);
    upstream.off('drain', onDrain);
    // No listener is left: flowing, the rest of the body is read off the connection and dropped.
    if (drop) source.resume();
  }
  source.on('data', onData);
  source.once('end', onEnd);
  source.once('close', onClose);
  upstream.on('drain', onDrain);
  return { stop: () => stop() };
}
