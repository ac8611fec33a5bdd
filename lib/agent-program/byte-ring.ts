/**
 * The last `capacity` bytes of a stream, addressed by absolute offset from the stream's start:
 * a reader that knows where it stopped reads exactly what came since, as long as that is still kept.
 */
export class ByteRing {
  private readonly buffer: Buffer;
  /** Offset just past the last byte written. */
  private endOffset = 0;

  constructor(readonly capacity: number) {
    this.buffer = Buffer.alloc(capacity);
  }

  /** The first offset still kept. */
  get start(): number {
    return Math.max(0, this.endOffset - this.capacity);
  }

  get end(): number {
    return this.endOffset;
  }

  /** Appends `bytes`; returns the offset after them. */
  append(bytes: Buffer): number {
    const kept = bytes.length > this.capacity ? bytes.subarray(bytes.length - this.capacity) : bytes;
    const skipped = bytes.length - kept.length;
    const at = (this.endOffset + skipped) % this.capacity;
    const first = Math.min(kept.length, this.capacity - at);
    kept.copy(this.buffer, at, 0, first);
    kept.copy(this.buffer, 0, first);
    this.endOffset += bytes.length;
    return this.endOffset;
  }

  /** The bytes from `offset` to the end, or null when `offset` is no longer (or not yet) kept. */
  readFrom(offset: number): Buffer | null {
    if (offset < this.start || offset > this.endOffset) return null;
    const length = this.endOffset - offset;
    const at = offset % this.capacity;
    const first = Math.min(length, this.capacity - at);
    return Buffer.concat([this.buffer.subarray(at, at + first), this.buffer.subarray(0, length - first)]);
  }
}
