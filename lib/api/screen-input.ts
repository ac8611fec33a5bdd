import { storableText, unstorableReason } from "@/lib/db/storable-text";
import { AppError, type Validation } from "@/lib/errors";

/**
 * Deepest nesting of arrays and objects a request may carry. zod, JSON.stringify and Prisma all
 * recurse, so a 100,000-deep array that JSON.parse accepts would overflow the stack further in;
 * no request of the API nests beyond a dozen levels.
 */
export const MAX_INPUT_DEPTH = 64;

/** Validations listed at most: a few say enough; thousands would only bloat the answer. */
const MAX_VALIDATIONS = 20;

/** A field path segment is cut to this length in a validation (a key may be 1 MB long). */
const MAX_SEGMENT_CHARS = 64;

/**
 * What happens to a string PostgreSQL cannot store (NUL, unpaired surrogates): refused with a
 * 400 naming the field, or replaced by U+FFFD where the text is output we keep as it comes
 * (script logs an agent forwards).
 */
export type TextPolicy = "refuse" | "replace";

type Frame = { value: unknown; depth: number; parent: Frame | null; key: string };

function fieldOf(frame: Frame, root: string): string {
  const segments: string[] = [];
  for (let at: Frame | null = frame; at?.parent; at = at.parent) {
    const key = storableText(at.key);
    segments.push(key.length > MAX_SEGMENT_CHARS ? `${key.slice(0, MAX_SEGMENT_CHARS)}…` : key);
  }
  return segments.reverse().join(".") || root;
}

/**
 * Screens input at the API's boundary, before any schema: every string and every key of
 * `value` must be storable text, and arrays and objects may nest at most MAX_INPUT_DEPTH deep.
 * Walks with its own stack, never recursion, so no input can overflow it. Returns the value
 * (with replaced text under "replace"); throws a 400 with `message` and a validation per field.
 * `root` names the field when the whole value is at fault ("body", "path", "query").
 */
export function screenInput<T>({ value, message, root, text = "refuse" }: { value: T; message: string; root: string; text?: TextPolicy }): T {
  const validations: Validation[] = [];
  const top: Frame = { value, depth: 0, parent: null, key: "" };
  const stack: Frame[] = [top];
  const refuse = (frame: Frame, detail: string) => validations.push({ field: fieldOf(frame, root), detail });
  while (stack.length > 0 && validations.length < MAX_VALIDATIONS) {
    const frame = stack.pop()!;
    if (typeof frame.value === "string") {
      const reason = unstorableReason(frame.value);
      if (!reason) continue;
      if (text === "refuse") refuse(frame, reason);
      else if (frame.parent) (frame.parent.value as Record<string, unknown>)[frame.key] = storableText(frame.value);
      else top.value = storableText(frame.value);
      continue;
    }
    if (typeof frame.value !== "object" || frame.value === null) continue;
    if (frame.depth >= MAX_INPUT_DEPTH) {
      refuse(frame, `nested deeper than ${MAX_INPUT_DEPTH} levels`);
      continue;
    }
    const container = frame.value as Record<string, unknown>;
    const isArray = Array.isArray(container);
    for (const key of Object.keys(container)) {
      const child: Frame = { value: container[key], depth: frame.depth + 1, parent: frame, key };
      const reason = isArray ? null : unstorableReason(key);
      if (reason && text === "refuse") {
        refuse(child, `key ${reason}`);
        continue;
      }
      if (reason) {
        delete container[key];
        child.key = storableText(key);
        container[child.key] = child.value;
      }
      stack.push(child);
    }
  }
  if (validations.length > 0) throw new AppError("bad_request", message, { validations });
  return top.value as T;
}
