import { describe, expect, it, vi } from "vitest";
import { AppResponseError, AppResponseReader, type AppResponseHead } from "./app-response-reader";

type Read = { head: AppResponseHead | null; isSized: boolean | null; bodies: string[]; ends: number; isReusable: boolean; isDone: boolean };

/** Feeds `parts` one by one (then the close, when asked) and says what the reader made of them. */
function read(parts: (string | Buffer)[], { isHeadRequest = false, close = false } = {}): Read {
  const result: Read = { head: null, isSized: null, bodies: [], ends: 0, isReusable: false, isDone: false };
  const reader = new AppResponseReader(isHeadRequest, {
    onHead: (head, isSized) => {
      result.head = head;
      result.isSized = isSized;
    },
    onBody: (chunk) => result.bodies.push(chunk.toString("latin1")),
    onEnd: () => result.ends++,
  });
  for (const part of parts) reader.push(typeof part === "string" ? Buffer.from(part, "latin1") : part);
  if (close) reader.close();
  return { ...result, isReusable: reader.isReusable, isDone: reader.isDone };
}

/** `text` cut into single bytes: every boundary a read could fall on. */
const byteByByte = (text: string) => [...Buffer.from(text, "latin1")].map((byte) => Buffer.from([byte]));

const SIZED = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhello";
const CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer-Name: x\r\n\r\n";

describe("AppResponseReader", () => {
  it("reads a sized response, at any byte boundary, and leaves the tunnel reusable", () => {
    for (const parts of [[SIZED], byteByByte(SIZED)]) {
      const result = read(parts);
      expect(result.head).toEqual({
        status: 200,
        reason: "OK",
        rawHeaders: ["Content-Type", "text/plain", "Content-Length", "5", "Set-Cookie", "a=1", "Set-Cookie", "b=2"],
      });
      expect(result.isSized).toBe(true);
      expect(result.bodies.join("")).toBe("hello");
      expect(result).toMatchObject({ ends: 1, isDone: true, isReusable: true });
    }
  });

  it("decodes a chunked body at any byte boundary, dropping extensions and trailers", () => {
    for (const parts of [[CHUNKED], byteByByte(CHUNKED)]) {
      const result = read(parts);
      expect(result.isSized).toBe(false);
      expect(result.bodies.join("")).toBe("hello, world");
      expect(result).toMatchObject({ ends: 1, isDone: true, isReusable: true });
    }
  });

  it("hands on each chunk as it arrives: an event stream is not held back", () => {
    const bodies: string[] = [];
    const reader = new AppResponseReader(false, { onHead: () => {}, onBody: (chunk) => bodies.push(chunk.toString()), onEnd: () => {} });
    reader.push(Buffer.from("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"));
    reader.push(Buffer.from("9\r\ndata: 0\n\n\r\n"));
    expect(bodies).toEqual(["data: 0\n\n"]);
    reader.push(Buffer.from("9\r\ndata: 1\n\n\r\n"));
    expect(bodies).toEqual(["data: 0\n\n", "data: 1\n\n"]);
    expect(reader.isDone).toBe(false);
  });

  it("reads a body delimited by the close to the end, and does not reuse that tunnel", () => {
    const result = read(["HTTP/1.1 200 OK\r\n\r\nsome", " bytes"], { close: true });
    expect(result.bodies.join("")).toBe("some bytes");
    expect(result).toMatchObject({ isSized: false, ends: 1, isDone: true, isReusable: false });
  });

  it("expects no body after HEAD, 204 and 304, whatever the length says", () => {
    expect(read(["HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n"], { isHeadRequest: true })).toMatchObject({ bodies: [], ends: 1, isReusable: true });
    for (const status of ["204 No Content", "304 Not Modified"]) {
      expect(read([`HTTP/1.1 ${status}\r\n\r\n`])).toMatchObject({ bodies: [], ends: 1, isReusable: true });
    }
  });

  it("skips interim responses and refuses a 101 on a plain request", () => {
    const result = read(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", SIZED]);
    expect(result.head?.status).toBe(200);
    expect(result.bodies.join("")).toBe("hello");
    expect(() => read(["HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"])).toThrow(AppResponseError);
  });

  it("does not reuse a tunnel the app asked to close, an HTTP/1.0 one without keep-alive, or one with bytes after the response", () => {
    expect(read(["HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"]).isReusable).toBe(false);
    expect(read(["HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"]).isReusable).toBe(false);
    expect(read(["HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"]).isReusable).toBe(true);
    expect(read(["HTTP/1.1 200 OK\r\nConnection: close\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n"]).isReusable).toBe(false);
    expect(read([`${SIZED}HTTP/1.1 200 OK\r\n`]).isReusable).toBe(false);
    expect(read([SIZED, "x"]).isReusable).toBe(false);
  });

  it("takes Transfer-Encoding over Content-Length, strips the length, and closes that tunnel after", () => {
    const result = read(["HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"]);
    expect(result.bodies.join("")).toBe("hello");
    expect(result).toMatchObject({ isSized: false, isDone: true, isReusable: false });
  });

  it("refuses what could be read two ways, or is too large", () => {
    const refused = [
      "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
      "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello",
      "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n",
      "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n",
      "HTTP/1.1 200 OK\r\n: no name\r\n\r\n",
      "HTTP/1.1 200 OK\r\nX: a\nb\r\n\r\n",
      "HTTP/2 200\r\n\r\n",
      "HTTP/1.1 2000 OK\r\n\r\n",
      "HTTP/1.1 099 Low\r\n\r\n",
      "HTTP/1.1 20x OK\r\n\r\n",
      `HTTP/1.1 200 OK\r\nX: ${"a".repeat(70 * 1024)}\r\n\r\n`,
    ];
    for (const response of refused) expect(() => read([response]), response.slice(0, 60)).toThrow(AppResponseError);
    expect(() => read([`HTTP/1.1 200 OK\r\nX: ${"a".repeat(70 * 1024)}`])).toThrow(AppResponseError);
  });

  it("refuses a status of fewer than three digits rather than skipping it as interim", () => {
    for (const status of ["20", "2", "1"]) expect(() => read([`HTTP/1.1 ${status}\r\n\r\n${SIZED}`]), status).toThrow(AppResponseError);
  });

  it("refuses a chunk size with anything before its digits, and anything but BWS before its extension", () => {
    const chunked = (sizeLine: string) => `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${sizeLine}\r\nhello\r\n0\r\n\r\n`;
    for (const sizeLine of [" 5", "\t5", "\n5", "\u00a05", "\u000b5", "+5", "-5", "5\u000b", "5\u00a0", "5 x", "5;a\nb", "0000000000005"]) {
      expect(() => read([chunked(sizeLine)]), JSON.stringify(sizeLine)).toThrow(AppResponseError);
    }
    for (const sizeLine of ["5", "5 ", "5\t;a=b", "5;a=\"b c\""]) expect(read([chunked(sizeLine)]).bodies.join(""), JSON.stringify(sizeLine)).toBe("hello");
  });

  it("reads a head, a chunk-size line and trailers arriving a byte at a time in linear work (no re-copy, no re-scan per byte)", () => {
    const pad = "a".repeat(16 * 1024);
    const response = `HTTP/1.1 200 OK\r\nX-Pad: ${pad}\r\nTransfer-Encoding: chunked\r\n\r\n5;x=${pad}\r\nhello\r\n0\r\nX-Trailer: ${pad}\r\n\r\n`;
    let copied = 0;
    let scanned = 0;
    const concat = Buffer.concat;
    const indexOf = Buffer.prototype.indexOf;
    const concatSpy = vi.spyOn(Buffer, "concat").mockImplementation((list, length) => {
      const joined = concat(list, length);
      copied += joined.length;
      return joined;
    });
    const indexOfSpy = vi.spyOn(Buffer.prototype, "indexOf").mockImplementation(function (this: Buffer, value, byteOffset, encoding) {
      scanned += this.length - (typeof byteOffset === "number" ? byteOffset : 0);
      return indexOf.call(this, value, byteOffset as number, encoding as BufferEncoding);
    });
    try {
      expect(read(byteByByte(response))).toMatchObject({ bodies: ["h", "e", "l", "l", "o"], isDone: true, isReusable: true });
    } finally {
      concatSpy.mockRestore();
      indexOfSpy.mockRestore();
    }
    // Quadratic work would be ~ (16 KiB)² / 2 = 134 M bytes per line; linear is a few times the response.
    expect(copied).toBeLessThan(8 * response.length);
    expect(scanned).toBeLessThan(8 * response.length);
  });

  it("says when the app closed mid-response", () => {
    expect(() => read(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello"], { close: true })).toThrow(AppResponseError);
    expect(() => read(["HTTP/1.1 200 OK\r\nContent"], { close: true })).toThrow(AppResponseError);
    expect(() => read(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel"], { close: true })).toThrow(AppResponseError);
  });
});
