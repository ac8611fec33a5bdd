import "server-only";
import { AppError } from "@/lib/errors";
import { screenInput, type TextPolicy } from "./screen-input";

/**
 * Reads a JSON body with a size limit. The limit is checked on the declared length and again
 * while reading, since a chunked body declares none. The parsed body is screened (screenInput)
 * before any schema sees it: NUL, unpaired surrogates and deep nesting are the caller's 400.
 */
export async function readJsonBody(request: Request, maxBytes: number, { text = "refuse" }: { text?: TextPolicy } = {}): Promise<unknown> {
  const tooLarge = () => new AppError("payload_too_large", `Request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Request body must be JSON (Content-Type: application/json).");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(value);
    }
  }
  const body = Buffer.concat(chunks).toString("utf8");
  if (!body.trim()) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    // Also a RangeError, should a JSON engine ever run out of stack on deep nesting.
    throw new AppError("bad_request", "Malformed JSON body.", { detail: (error as Error).message });
  }
  return screenInput({ value: parsed, message: "Validation failed", root: "body", text });
}
