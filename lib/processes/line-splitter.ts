/** Splits a byte stream into lines; a partial line waits for its end or for flush(). */
export class LineSplitter {
  private rest = "";
  private readonly decoder = new TextDecoder();

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array): void {
    const text = this.rest + this.decoder.decode(chunk, { stream: true });
    const lines = text.split(/\r?\n/);
    this.rest = lines.pop() ?? "";
    for (const line of lines) this.onLine(line);
  }

  flush(): void {
    const tail = this.rest + this.decoder.decode();
    this.rest = "";
    if (tail) this.onLine(tail);
  }
}
