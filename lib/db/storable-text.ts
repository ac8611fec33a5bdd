/**
 * What PostgreSQL cannot store as given: NUL (text refuses it: "invalid byte sequence for
 * encoding UTF8: 0x00"; jsonb refuses `\u0000`), and a UTF-16 surrogate without its pair, which
 * has no UTF-8 form (the driver would quietly write U+FFFD; jsonb refuses its `\ud800` escape).
 * One character at a time with a one-character look-around: linear on any input.
 */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

/** The character U+FFFD stands in for what could not be stored. */
export const REPLACEMENT_CHARACTER = "\uFFFD";

/** Why a text cannot be stored as it is, or null when it can. */
export function unstorableReason(text: string): string | null {
  const match = UNSTORABLE.exec(text);
  if (!match) return null;
  return match[0] === "\0" ? "must not contain NUL characters" : "must not contain unpaired UTF-16 surrogates";
}

/**
 * The text with every NUL and unpaired surrogate replaced by U+FFFD: for output we keep rather
 * than refuse (build and script logs print whatever bytes they like), so the rest of a batch
 * is not lost to one such line and the stored text equals what a reader gets back.
 */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, REPLACEMENT_CHARACTER) : text;
}

/**
 * `value` as JSON that a jsonb column takes: storableText on every string and every key, so a
 * command's output or a model's tool input carrying NUL (`printf 'a\0b'`, a binary file) is kept
 * with U+FFFD rather than failing the whole write.
 */
export function storableJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "string") return storableText(item);
    if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
    const entries = Object.entries(item);
    return entries.some(([key]) => UNSTORABLE.test(key)) ? Object.fromEntries(entries.map(([key, inner]) => [storableText(key), inner])) : item;
  });
}
