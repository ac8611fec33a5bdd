/** Bytes of output kept from the start, and from the end, of a process's output. */
export const OUTPUT_HEAD_BYTES = 16 * 1024;
export const OUTPUT_TAIL_BYTES = 16 * 1024;
/** Longer lines are cut here (in bytes, at a character boundary). */
export const MAX_LINE_BYTES = 2048;

const NEWLINE = 0x0a;

/** The longest prefix of `bytes` no longer than `max` that does not end inside a UTF-8 character. */
function cutAtCharBoundary(bytes: Buffer, max: number): Buffer {
  if (bytes.length <= max) return bytes;
  let end = max;
  // Continuation bytes are 10xxxxxx: step back to the start of the character they belong to.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

/** One stream's line being assembled: at most MAX_LINE_BYTES kept, the rest counted. */
class PartialLine {
  private parts: Buffer[] = [];
  private kept = 0;
  isCut = false;

  append(bytes: Buffer): void {
    const room = MAX_LINE_BYTES + 4 - this.kept;
    // A few bytes past the limit are kept so that the cut can find a character boundary.
    if (bytes.length > room) this.isCut = true;
    const part = bytes.subarray(0, Math.max(0, room));
    if (part.length > 0) {
      this.parts.push(part);
      this.kept += part.length;
    }
  }

  get isEmpty(): boolean {
    return this.kept === 0 && !this.isCut;
  }

  text(): string {
    const bytes = Buffer.concat(this.parts, this.kept);
    const line = bytes.length > MAX_LINE_BYTES ? cutAtCharBoundary(bytes, MAX_LINE_BYTES) : bytes;
    if (bytes.length > MAX_LINE_BYTES) this.isCut = true;
    // A trailing CR of a CRLF line end is not part of the line.
    const end = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
    return line.subarray(0, end).toString("utf8");
  }
}

type Line = { text: string; bytes: number };

/**
 * A process's output, stdout and stderr together in the order lines arrive, bounded: the first
 * OUTPUT_HEAD_BYTES and the last OUTPUT_TAIL_BYTES (whole lines) are kept and a marker line stands
 * for what was dropped between them; each line is cut at MAX_LINE_BYTES. Lines are assembled per
 * stream, so a line written to stdout in two pieces is not split by stderr written in between.
 */
export class ProcessOutput {
  private readonly head: Line[] = [];
  private headBytes = 0;
  private isHeadClosed = false;
  private readonly tail: Line[] = [];
  private tailBytes = 0;
  private droppedLines = 0;
  private droppedBytes = 0;
  private anyLineCut = false;
  private readonly partial = { stdout: new PartialLine(), stderr: new PartialLine() };
  private readonly onLine: ((text: string) => void) | undefined;

  /** `onLine` sees every whole line (cut at MAX_LINE_BYTES) as it ends, kept or not. */
  constructor({ onLine }: { onLine?: (text: string) => void } = {}) {
    this.onLine = onLine;
  }

  push(stream: "stdout" | "stderr", chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) break;
      this.partial[stream].append(chunk.subarray(start, newline));
      this.endLine(stream);
      start = newline + 1;
    }
    if (start < chunk.length) this.partial[stream].append(chunk.subarray(start));
  }

  /** At exit: lines without a final newline are output too. */
  flush(): void {
    for (const stream of ["stdout", "stderr"] as const) if (!this.partial[stream].isEmpty) this.endLine(stream);
  }

  private endLine(stream: "stdout" | "stderr"): void {
    const partial = this.partial[stream];
    const text = partial.text();
    if (partial.isCut) this.anyLineCut = true;
    this.partial[stream] = new PartialLine();
    this.onLine?.(text);
    this.add({ text, bytes: Buffer.byteLength(text) + 1 });
  }

  private add(line: Line): void {
    if (!this.isHeadClosed && this.headBytes + line.bytes <= OUTPUT_HEAD_BYTES) {
      this.head.push(line);
      this.headBytes += line.bytes;
      return;
    }
    // Whatever the head left of the whole budget is the tail's, so output up to the sum is kept whole.
    this.isHeadClosed = true;
    this.tail.push(line);
    this.tailBytes += line.bytes;
    const tailBudget = OUTPUT_HEAD_BYTES + OUTPUT_TAIL_BYTES - this.headBytes;
    while (this.tailBytes > tailBudget && this.tail.length > 0) {
      const dropped = this.tail.shift()!;
      this.tailBytes -= dropped.bytes;
      this.droppedLines++;
      this.droppedBytes += dropped.bytes;
    }
  }

  /** The output so far; lines still being written are included as they stand. */
  snapshot(): { output: string; truncated: boolean } {
    const lines = this.head.map((line) => line.text);
    if (this.droppedLines > 0) lines.push(`... [${this.droppedLines} lines (${this.droppedBytes} bytes) omitted] ...`);
    lines.push(...this.tail.map((line) => line.text));
    const pending = (["stdout", "stderr"] as const).filter((stream) => !this.partial[stream].isEmpty).map((stream) => this.partial[stream].text());
    const output = lines.length > 0 ? `${lines.join("\n")}\n` : "";
    return { output: output + pending.join("\n"), truncated: this.droppedLines > 0 || this.anyLineCut };
  }
}
