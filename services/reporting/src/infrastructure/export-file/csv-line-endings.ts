const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * PostgreSQL's CSV (COPY) with CRLF row ends, as RFC 4180 and spreadsheets expect: every LF outside
 * a quoted field becomes CRLF; a line break inside a quoted field (a multi-line company name) is
 * kept as it is. Chunks may split a row or a field anywhere: whether the scan is inside quotes is
 * carried from one chunk to the next (a doubled quote inside a field flips it twice).
 */
export async function* withCrlfRowEnds(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let quoted = false;
  for await (const chunk of chunks) {
    let rowEnds = 0;
    let q: boolean = quoted;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === QUOTE) q = !q;
      else if (c === LF && !q) rowEnds++;
    }
    if (rowEnds === 0) {
      quoted = q;
      yield chunk;
      continue;
    }
    const out = Buffer.allocUnsafe(chunk.length + rowEnds);
    let o = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === QUOTE) quoted = !quoted;
      else if (c === LF && !quoted) out[o++] = CR;
      out[o++] = c;
    }
    yield out;
  }
}
