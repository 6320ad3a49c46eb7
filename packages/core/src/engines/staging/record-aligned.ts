/**
 * Re-chunks a stream so every chunk ends after a line feed: for formats where LF only ends records
 * (our own reject CSV, PostgreSQL's text format).
 */
export async function* recordAligned(stream: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let cut = data.lastIndexOf(0x0a);
    if (cut < 0) {
      carry = data;
      continue;
    }
    cut += 1;
    yield data.subarray(0, cut);
    carry = data.subarray(cut);
  }
  if (carry.length) yield carry;
}
