import { RE2JS, RE2JSException } from "re2js";

// Regexes written by template authors are matched against values typed by other users, so they
// must never backtrack: JavaScript's RegExp took 87 s on `^([a-z]+)*$` and 35 characters, with the
// event loop blocked all along. RE2 matches in time linear in the input, and it refuses what
// cannot be matched that way (backreferences, lookaround). Pure JavaScript: the browser can use
// this module too. See README.md "Templates".

/** Longest regex a template author may write, in characters. */
export const MAX_USER_REGEX_LENGTH = 1024;

/**
 * Largest compiled RE2 program accepted (RE2's own "program size", roughly one instruction per
 * character class, repeat or literal; `x{100}` counts a hundred times). Linear time is still
 * time × program size: measured here on a 4096-character value (MAX_PARAMETER_VALUE_LENGTH),
 * programs of about 1000 took at most ~35 ms, 2000 ~100 ms, 80,000 a minute.
 */
export const MAX_USER_REGEX_PROGRAM_SIZE = 1000;

/** A compiled user regex, or why it was refused (a sentence for the author). */
export type UserRegex = { isValid: true; test: (value: string) => boolean } | { isValid: false; problem: string };

// Parameter values are checked several times per request (each option, the default, the given and
// the previous value) and patterns repeat across requests; RE2JS also builds its matcher lazily,
// so a kept instance is faster on its second use. Bounded: patterns come from users.
const MAX_CACHED = 256;
const cache = new Map<string, UserRegex>();

function compile(pattern: string): UserRegex {
  if (pattern.length > MAX_USER_REGEX_LENGTH) {
    return { isValid: false, problem: `at most ${MAX_USER_REGEX_LENGTH} characters` };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    const reason = error.message.replace(/^error parsing regexp: /, "");
    return { isValid: false, problem: `invalid regular expression: ${reason} (RE2 syntax: no backreferences or lookaround)` };
  }
  const size = regex.programSize();
  if (size > MAX_USER_REGEX_PROGRAM_SIZE) {
    return {
      isValid: false,
      problem: `too complex to match quickly (RE2 program size ${size}, at most ${MAX_USER_REGEX_PROGRAM_SIZE}); use smaller repeat counts, or validation min and max for lengths`,
    };
  }
  // RegExp.test semantics: a match anywhere in the value; authors anchor with ^ and $.
  return { isValid: true, test: (value) => regex.test(value) };
}

/**
 * Compiles a template author's regex with RE2 (linear-time matching), the only way the project
 * compiles a regex that a user wrote. Never throws for a bad pattern: it comes back invalid with
 * the reason.
 */
export function compileUserRegex(pattern: string): UserRegex {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const compiled = compile(pattern);
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}
