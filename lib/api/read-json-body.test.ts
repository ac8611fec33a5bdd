import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "./read-json-body";

const MAX = 100;
const encoder = new TextEncoder();

function post(body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new Request("http://kiln.test/api/v1/test", {
    method: "POST",
    body,
    headers,
    // Node's fetch needs this for a stream body; it is harmless for the others.
    duplex: "half",
  } as RequestInit);
}

/** A chunked body: no Content-Length, `chunk` repeated forever unless a count is given. */
function streamOf(chunk: string, count = Infinity) {
  const state = { pulled: 0, isCancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= count) return controller.close();
      state.pulled++;
      controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      state.isCancelled = true;
    },
  });
  return { stream, state };
}

/** The AppError readJsonBody threw, or a failure when it resolved or threw something else. */
async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected an AppError, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("readJsonBody", () => {
  it("parses a JSON body", async () => {
    await expect(readJsonBody(post('{"name":"dev","n":[1,2]}'), MAX)).resolves.toEqual({ name: "dev", n: [1, 2] });
  });

  it("accepts a body of exactly the limit, counted in bytes", async () => {
    // 2 quotes + 49 two-byte characters = 100 bytes in 51 characters.
    const body = JSON.stringify("é".repeat(49));
    expect(encoder.encode(body).byteLength).toBe(MAX);
    await expect(readJsonBody(post(body), MAX)).resolves.toBe("é".repeat(49));
    const oneMore = JSON.stringify("é".repeat(49) + "x");
    expect((await appErrorOf(readJsonBody(post(oneMore), MAX))).status).toBe(413);
  });

  it("refuses a declared Content-Length over the limit with 413, before reading any of the body", async () => {
    const { stream, state } = streamOf("{}");
    const error = await appErrorOf(
      readJsonBody(post(stream, { "content-type": "application/json", "content-length": String(MAX + 1) }), MAX),
    );
    expect(error.code).toBe("payload_too_large");
    expect(error.status).toBe(413);
    expect(error.message).toBe(`Request body is larger than ${MAX} bytes.`);
    expect(state.pulled).toBeLessThanOrEqual(1); // a stream may pre-fill one chunk; nothing was read
  });

  it("refuses a chunked body without Content-Length once it grows over the limit, and stops reading it", async () => {
    // Endless: the call can only return if it stops at the limit.
    const { stream, state } = streamOf("[1,2,3,4,5,6,7,8,9]");
    const request = post(stream);
    expect(request.headers.get("content-length")).toBeNull();

    const error = await appErrorOf(readJsonBody(request, MAX));
    expect(error.code).toBe("payload_too_large");
    expect(state.isCancelled).toBe(true);
    expect(state.pulled).toBeLessThan(10);
  });

  it("reads a chunked body under the limit whole", async () => {
    const { stream } = streamOf('"ab"', 1);
    await expect(readJsonBody(post(stream), MAX)).resolves.toBe("ab");
  });

  it("turns malformed JSON into a 400 with the parser's detail", async () => {
    const error = await appErrorOf(readJsonBody(post('{"name": '), MAX));
    expect(error.code).toBe("bad_request");
    expect(error.status).toBe(400);
    expect(error.message).toBe("Malformed JSON body.");
    expect(error.detail).toEqual(expect.any(String));
    expect(error.toBody()).toEqual({ message: "Malformed JSON body.", detail: error.detail });
  });

  it("reads an empty or blank body, or none at all, as {}", async () => {
    await expect(readJsonBody(post(""), MAX)).resolves.toEqual({});
    await expect(readJsonBody(post("  \n\t "), MAX)).resolves.toEqual({});
    await expect(readJsonBody(post(null), MAX)).resolves.toEqual({});
    await expect(readJsonBody(new Request("http://kiln.test/", { method: "GET" }), MAX)).resolves.toEqual({});
  });

  it("refuses a body that is not JSON by its Content-Type with 415", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const error = await appErrorOf(readJsonBody(post('{"a":1}', { "content-type": contentType }), MAX));
      expect(error.code, contentType).toBe("unsupported_media_type");
      expect(error.status, contentType).toBe(415);
    }
  });

  it("accepts JSON content types with parameters or a +json suffix, and a body without Content-Type", async () => {
    for (const contentType of ["application/json; charset=utf-8", "APPLICATION/JSON", "application/merge-patch+json"]) {
      await expect(readJsonBody(post('{"a":1}', { "content-type": contentType }), MAX), contentType).resolves.toEqual({
        a: 1,
      });
    }
    // A Blob body gets no Content-Type of its own.
    const request = post(new Blob(['{"a":1}']), {});
    expect(request.headers.get("content-type")).toBeNull();
    await expect(readJsonBody(request, MAX)).resolves.toEqual({ a: 1 });
  });

  it("screens the parsed body: NUL, a raw \\ud800 escape or deep nesting is a 400 naming the field", async () => {
    const nul = await appErrorOf(readJsonBody(post('{"email":"\\u0000","password":"x"}'), MAX));
    expect(nul.toBody()).toEqual({ message: "Validation failed", validations: [{ field: "email", detail: "must not contain NUL characters" }] });
    const surrogate = await appErrorOf(readJsonBody(post('{"input":{"name":["ok","\\ud800"]}}'), MAX));
    expect(surrogate.validations).toEqual([{ field: "input.name.1", detail: "must not contain unpaired UTF-16 surrogates" }]);
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const tooDeep = await appErrorOf(readJsonBody(post(deep), deep.length));
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.validations?.[0]?.detail).toBe("nested deeper than 64 levels");
  });

  it("replaces such text instead when asked to (output kept as it comes)", async () => {
    await expect(readJsonBody(post('{"logs":[{"output":"bin\\u0000ary \\ud800"}]}'), MAX, { text: "replace" })).resolves.toEqual({
      logs: [{ output: "bin\uFFFDary \uFFFD" }],
    });
  });
});
