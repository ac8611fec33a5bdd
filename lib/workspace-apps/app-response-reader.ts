/** A response from an app that cannot be relayed: the tunnel it came on is closed, the visitor gets 502. */
export class AppResponseError extends Error {}

/** The head of an app's response as read off the tunnel; `rawHeaders` is [name, value, …] as the app sent them. */
export type AppResponseHead = { status: number; reason: string; rawHeaders: string[] };

/** Bytes of a head (status line and headers) or of a chunk-size line with its trailers: more is refused. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Interim (1xx) heads skipped before the final one. */
const MAX_INTERIM_HEADS = 10;
const CRLF_CRLF = Buffer.from("\r\n\r\n");
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A chunk-size line: the size first, then BWS and an extension without control characters (RFC 9112 §7.1.1). */
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;[^\0-\x08\n-\x1f\x7f]*)?$/;
const DIGITS = /^[0-9]{1,15}$/;
const STATUS = /^[1-9][0-9]{2}$/;
/** Bytes held while a head or line is incomplete start in room for this many, then grow twice over. */
const MIN_ROOM = 4096;
const isForbiddenInValue = (value: string) => value.includes("\n") || value.includes("\r") || value.includes("\0");

type Framing = { kind: "none" } | { kind: "length"; remaining: number } | { kind: "chunked" } | { kind: "close" };
type State = "head" | "body" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "done";

/** The head's lines as [status, reason, rawHeaders]; AppResponseError for anything llhttp would refuse too. */
function parseHead(text: string): { version: "1.0" | "1.1"; head: AppResponseHead } {
  const lines = text.split("\r\n");
  const statusLine = lines[0] ?? "";
  const version = statusLine.startsWith("HTTP/1.1 ") ? "1.1" : statusLine.startsWith("HTTP/1.0 ") ? "1.0" : null;
  const code = statusLine.slice(9, 12);
  if (!version || !STATUS.test(code) || (statusLine.length > 12 && statusLine[12] !== " ")) throw new AppResponseError("malformed status line");
  const reason = statusLine.slice(13);
  if (isForbiddenInValue(reason)) throw new AppResponseError("malformed status line");
  const rawHeaders: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(":");
    // A line folded onto the previous one (obs-fold) or without a name is refused, as RFC 9112 §5.2 allows.
    if (colon <= 0) throw new AppResponseError("malformed header line");
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!TOKEN.test(name) || isForbiddenInValue(value)) throw new AppResponseError("malformed header line");
    rawHeaders.push(name, value);
  }
  return { version, head: { status: Number(code), reason, rawHeaders } };
}

/** How the body of a final response is delimited (RFC 9112 §6.3), and whether the tunnel may carry another request after it. */
function framingOf({ head, version, isHeadRequest }: { head: AppResponseHead; version: "1.0" | "1.1"; isHeadRequest: boolean }): { framing: Framing; mayKeepAlive: boolean } {
  let lengths: string[] = [];
  let codings: string[] = [];
  let asksClose = false;
  let asksKeepAlive = false;
  for (let i = 0; i < head.rawHeaders.length; i += 2) {
    const name = head.rawHeaders[i]!.toLowerCase();
    const value = head.rawHeaders[i + 1]!;
    if (name === "content-length") lengths = lengths.concat(value.split(",").map((part) => part.trim()));
    else if (name === "transfer-encoding") codings = codings.concat(value.toLowerCase().split(",").map((part) => part.trim()));
    else if (name === "connection") {
      const tokens = value.toLowerCase().split(",").map((part) => part.trim());
      asksClose ||= tokens.includes("close");
      asksKeepAlive ||= tokens.includes("keep-alive");
    }
  }
  // HTTP/1.0 closes unless it asked to keep alive; a close asked for anywhere wins.
  const closes = asksClose || (version === "1.0" && !asksKeepAlive);
  if (isHeadRequest || head.status === 204 || head.status === 304) return { framing: { kind: "none" }, mayKeepAlive: !closes };
  if (codings.length > 0) {
    // Transfer-Encoding wins over Content-Length; such a message is a smuggling attempt's shape, so the tunnel goes after it.
    const isChunked = codings.at(-1) === "chunked" && codings.indexOf("chunked") === codings.length - 1;
    if (version === "1.0") throw new AppResponseError("Transfer-Encoding in an HTTP/1.0 response");
    return isChunked ? { framing: { kind: "chunked" }, mayKeepAlive: !closes && lengths.length === 0 } : { framing: { kind: "close" }, mayKeepAlive: false };
  }
  if (lengths.length > 0) {
    if (!lengths.every((length) => DIGITS.test(length) && length === lengths[0])) throw new AppResponseError("invalid Content-Length");
    return { framing: { kind: "length", remaining: Number(lengths[0]) }, mayKeepAlive: !closes };
  }
  return { framing: { kind: "close" }, mayKeepAlive: false };
}

/** Where a reader hands what it read: the head once, the body's bytes as they come, then the end. */
export type AppResponseSink = {
  /** `isSized`: the body's length is the head's Content-Length (or there is none); otherwise it is framed anew for the visitor. */
  onHead(head: AppResponseHead, isSized: boolean): void;
  onBody(chunk: Buffer): void;
  onEnd(): void;
};

const EMPTY = Buffer.alloc(0);

/**
 * Reads one HTTP/1.1 response off a tunnel, as it arrives: the head once (interim 1xx heads
 * skipped), then the body's bytes as they come (a chunked body decoded, an event stream not held
 * back), then the end. Only the framing is parsed — the relay writes the body on to the visitor
 * as is — and anything ambiguous (obs-fold, conflicting lengths, bad chunk sizes, a head over
 * 64 KiB) is refused rather than guessed at. `isReusable` says whether the tunnel may carry the
 * next request: the response said keep-alive, had a delimited body and nothing followed it.
 * A class, not closures: one is made per proxied request.
 */
export class AppResponseReader {
  private state: State = "head";
  private pending: Buffer = EMPTY;
  private framing: Framing = { kind: "none" };
  private mayKeepAlive = false;
  private interimHeads = 0;
  private chunkRemaining = 0;
  private hasTrailingBytes = false;
  /** Bytes of `pending` already searched for the end of a head or line, without finding it. */
  private scanned = 0;
  /** Where `pending` grows when a head or line comes in pieces: appended in place, not copied whole per piece. */
  private room: Buffer = EMPTY;
  private roomFilled = 0;

  constructor(
    private readonly isHeadRequest: boolean,
    private readonly sink: AppResponseSink,
  ) {}

  /** Feeds bytes read off the tunnel; throws AppResponseError on a malformed response. */
  push(chunk: Buffer): void {
    if (this.state === "done") {
      if (chunk.length > 0) this.hasTrailingBytes = true;
      return;
    }
    if (this.state === "body") return this.pushBody(chunk);
    this.append(chunk);
    while (this.current() !== "done" && this.current() !== "body" && (this.current() === "head" ? this.readHead() : this.readChunked()));
    // Whatever followed the head of a sized or close-delimited body is that body's.
    if (this.pending.length === 0 || (this.current() !== "done" && this.current() !== "body")) return;
    const rest = this.pending;
    this.pending = EMPTY;
    if (this.current() === "done") this.hasTrailingBytes = true;
    else this.pushBody(rest);
  }

  /** The tunnel ended: a body delimited by the close is complete now; anything else was cut short. */
  close(): void {
    if (this.state === "done") return;
    if (this.state === "body" && this.framing.kind === "close") return this.finish();
    throw new AppResponseError("the app closed the connection mid-response");
  }

  get isDone(): boolean {
    return this.state === "done";
  }

  get isReusable(): boolean {
    return this.state === "done" && this.mayKeepAlive && !this.hasTrailingBytes;
  }

  /** (Read through a method: TypeScript would otherwise keep `state` narrowed across the calls that change it.) */
  private current(): State {
    return this.state;
  }

  private finish(): void {
    this.state = "done";
    this.sink.onEnd();
  }

  private pushBody(chunk: Buffer): void {
    const framing = this.framing;
    if (framing.kind === "close") return this.sink.onBody(chunk);
    if (framing.kind !== "length") return;
    const take = Math.min(framing.remaining, chunk.length);
    if (take > 0) this.sink.onBody(take === chunk.length ? chunk : chunk.subarray(0, take));
    framing.remaining -= take;
    if (take < chunk.length) this.hasTrailingBytes = true;
    if (framing.remaining === 0) this.finish();
  }

  /**
   * `chunk` after `pending`. An app may send a head a byte at a time: copying what is held on each
   * byte (and searching it again from its start, see `find`) would cost the square of its length.
   */
  private append(chunk: Buffer): void {
    const held = this.pending;
    if (held.length === 0) return void (this.pending = chunk);
    const isInRoom = held.buffer === this.room.buffer && held.byteOffset + held.length === this.room.byteOffset + this.roomFilled;
    if (!isInRoom || this.roomFilled + chunk.length > this.room.length) {
      // Not pooled (allocUnsafe could share an ArrayBuffer with the socket's reads): `isInRoom` must mean this buffer.
      this.room = Buffer.allocUnsafeSlow(Math.max(MIN_ROOM, 2 * (held.length + chunk.length)));
      held.copy(this.room);
      this.roomFilled = held.length;
    }
    chunk.copy(this.room, this.roomFilled);
    this.roomFilled += chunk.length;
    this.pending = this.room.subarray(this.roomFilled - held.length - chunk.length, this.roomFilled);
  }

  /** Where `ending` starts in `pending`, searching only bytes not searched before; -1 until it comes. */
  private find(ending: Buffer | string): number {
    const end = this.pending.indexOf(ending, Math.max(0, this.scanned - ending.length + 1));
    this.scanned = end === -1 ? this.pending.length : 0;
    return end;
  }

  /** A CRLF-ended line from `pending` (without it), or null until one is complete. */
  private takeLine(): string | null {
    const end = this.find("\r\n");
    if (end === -1) {
      if (this.pending.length > MAX_HEAD_BYTES) throw new AppResponseError("line too long");
      return null;
    }
    const line = this.pending.subarray(0, end).toString("latin1");
    this.pending = this.pending.subarray(end + 2);
    return line;
  }

  private readHead(): boolean {
    const end = this.find(CRLF_CRLF);
    if (end === -1) {
      if (this.pending.length > MAX_HEAD_BYTES) throw new AppResponseError("response head too large");
      return false;
    }
    if (end > MAX_HEAD_BYTES) throw new AppResponseError("response head too large");
    const { version, head } = parseHead(this.pending.subarray(0, end).toString("latin1"));
    this.pending = this.pending.subarray(end + 4);
    if (head.status < 200) {
      // 101 belongs to an upgrade, which does not come this way; other 1xx are interim and dropped.
      if (head.status === 101 || ++this.interimHeads > MAX_INTERIM_HEADS) throw new AppResponseError("unexpected interim response");
      return true;
    }
    const { framing, mayKeepAlive } = framingOf({ head, version, isHeadRequest: this.isHeadRequest });
    this.framing = framing;
    this.mayKeepAlive = mayKeepAlive;
    this.sink.onHead(head, framing.kind === "length" || framing.kind === "none");
    this.state = framing.kind === "chunked" ? "chunk-size" : "body";
    if (framing.kind === "none" || (framing.kind === "length" && framing.remaining === 0)) this.finish();
    return true;
  }

  private readChunked(): boolean {
    if (this.state === "chunk-size") {
      const line = this.takeLine();
      if (line === null) return false;
      const size = CHUNK_SIZE_LINE.exec(line)?.[1];
      if (size === undefined) throw new AppResponseError("invalid chunk size");
      this.chunkRemaining = parseInt(size, 16);
      this.state = this.chunkRemaining === 0 ? "trailers" : "chunk-data";
      return true;
    }
    if (this.state === "chunk-data") {
      if (this.pending.length === 0) return false;
      const take = Math.min(this.chunkRemaining, this.pending.length);
      this.sink.onBody(this.pending.subarray(0, take));
      this.pending = this.pending.subarray(take);
      this.chunkRemaining -= take;
      if (this.chunkRemaining === 0) this.state = "chunk-end";
      return true;
    }
    if (this.state === "chunk-end") {
      if (this.pending.length < 2) return false;
      if (this.pending[0] !== 0x0d || this.pending[1] !== 0x0a) throw new AppResponseError("chunk not followed by CRLF");
      this.pending = this.pending.subarray(2);
      this.state = "chunk-size";
      return true;
    }
    // Trailers are read past and dropped: the visitor's response is framed anew.
    const line = this.takeLine();
    if (line === null) return false;
    if (line === "") this.finish();
    return true;
  }
}
