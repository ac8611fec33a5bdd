/**
 * Plain-language request parsing for the built-in assistant (no model key configured). Pure: the
 * text of one user message in, what the user asked for out. It is deliberately forgiving about
 * case, punctuation and word order, because people type to it as they would to a real model.
 */

import { understandWorkspaceRequest, type WorkspaceRequest } from "./understand-workspace-request";

export type RequestIntent =
  | "list_templates"
  | "create_workspace"
  | "start_workspace"
  | "stop_workspace"
  | "status"
  | "help"
  | "workspace_work"
  | "unknown";

export type UnderstoodRequest = {
  intent: RequestIntent;
  /** The template the user named: the search query of list_templates, the template to create from. */
  template?: string;
  /** The workspace name ("called demo", "named demo"), case kept: a valid name is used unchanged. */
  name?: string;
  /** `key=value` pairs, values optionally quoted; unquoted values may hold spaces. */
  parameters: Record<string, string>;
  /** For intent "workspace_work": the command to run, the file to read or change, the process. */
  work?: WorkspaceRequest;
};

const QUOTED = String.raw`"([^"]*)"|'([^']*)'|` + "`([^`]*)`";
const TOKEN = String.raw`([A-Za-z0-9][\w.@/+:-]*)`;
const VALUE = `(?:${QUOTED}|${TOKEN})`;
// A value at the start of a pattern must start a word: "quick workspace" → "quick", never "uick".
const WORD_VALUE = String.raw`(?<![\w.@/+:'"-])${VALUE}`;

// A parameter starts with `key=` at the start of the text or after a space or separator.
const PARAMETER_KEY = /(^|[\s,;(])([A-Za-z_][\w.-]*)\s*=\s*/g;
// Words that end an unquoted value: the next clause of the request, not part of the value.
const VALUE_STOP = /\s+(?:called|named)\s+/i;
const POLITE_TAIL = /(?:\s+(?:please|thanks|thank you|pls|plz))+$/i;

// Words in front of "workspace" that are not a template: "a new workspace", "start my workspace".
const NOT_A_TEMPLATE = new Set(
  (
    "a an the my me our your this that it one another new fresh second brand-new some any same other own " +
    "create make start stop get give build launch spin up setup set open provision list show delete restart boot " +
    "what which how is are was existing current running stopped chat kiln workspace template templates from with " +
    "using use for of on to scratch all available"
  ).split(" "),
);
// Words in front of "templates" that are not a search: "list templates", "all the templates".
const NOT_A_QUERY = new Set(
  (
    "a an the my me our your this that any all some which what list show see get are do you there available " +
    "allowed usable other more of give find search display view tell about new page"
  ).split(" "),
);

const WORKSPACE_NOUN = String.raw`(?:workspaces?|box|environment|env|machine|vm|sandbox|dev\s*box|instance)`;

/** Requests are short; a pasted log must not make the patterns below slow. */
const MAX_REQUEST_CHARS = 4000;

/** Reads one user message. Unknown requests come back as intent "unknown" (never throws). */
export function understandRequest(text: string): UnderstoodRequest {
  const work = understandWorkspaceRequest(text);
  if (work) return { intent: "workspace_work", parameters: {}, work };
  const normalized = normalize(text.slice(0, MAX_REQUEST_CHARS));
  const { parameters, rest: withoutParameters } = extractParameters(normalized);
  const templateNamed = extractTemplateNamed(withoutParameters);
  const { name, rest } = extractName(templateNamed.rest);
  const intent = detectIntent(rest.toLowerCase(), Boolean(templateNamed.template ?? createTemplate(rest)));

  const template =
    intent === "list_templates"
      ? (templateNamed.template ?? listQuery(rest))
      : intent === "create_workspace"
        ? (templateNamed.template ?? createTemplate(rest))
        : undefined;

  return { intent, ...(template ? { template } : {}), ...(name ? { name } : {}), parameters };
}

/**
 * The template a free-form reply names, out of those offered: "node-dev", "use Node.js please",
 * "the quick one". Longest name wins, so "broken-build" beats "build". Case-insensitive.
 */
export function findNamedTemplate<T extends { name: string; display_name?: string }>(text: string, templates: readonly T[]): T | undefined {
  const haystack = ` ${normalize(text).toLowerCase().replace(/[^\w.@/+-]+/g, " ")} `;
  let best: { template: T; length: number } | undefined;
  for (const template of templates) {
    for (const label of [template.name, template.display_name]) {
      const needle = label?.trim().toLowerCase();
      if (!needle || !haystack.includes(` ${needle.replace(/[^\w.@/+-]+/g, " ")} `)) continue;
      if (!best || needle.length > best.length) best = { template, length: needle.length };
    }
  }
  return best?.template;
}

function normalize(text: string): string {
  return text
    .replace(/[\u201C\u201D\u201E\u00AB\u00BB]/g, '"')
    .replace(/[\u2018\u2019\u201A]/g, "'")
    .replace(/\s+/g, " ")
    .trim();
}

function extractParameters(text: string): { parameters: Record<string, string>; rest: string } {
  const keys = [...text.matchAll(PARAMETER_KEY)].map((match) => ({
    key: match[2]!,
    start: match.index + match[1]!.length,
    valueStart: match.index + match[0].length,
  }));
  const parameters: Record<string, string> = {};
  let rest = "";
  let cursor = 0;
  for (const [i, { key, start, valueStart }] of keys.entries()) {
    if (start < cursor) continue; // inside a quoted value of the previous parameter
    const nextKeyStart = keys.slice(i + 1).find((k) => k.start >= valueStart)?.start ?? text.length;
    const { value, end } = readValue(text, valueStart, nextKeyStart);
    parameters[key] = value;
    rest += `${text.slice(cursor, start)} `;
    cursor = end;
  }
  rest += text.slice(cursor);
  return { parameters, rest: rest.replace(/\s+/g, " ").trim() };
}

/** A quoted value runs to its closing quote; an unquoted one to the next `key=` or clause. */
function readValue(text: string, start: number, nextKeyStart: number): { value: string; end: number } {
  const quote = text[start];
  if (quote === '"' || quote === "'" || quote === "`") {
    const close = text.indexOf(quote, start + 1);
    const end = close === -1 ? text.length : close + 1;
    return { value: text.slice(start + 1, close === -1 ? text.length : close), end };
  }
  let raw = text.slice(start, nextKeyStart);
  const stop = VALUE_STOP.exec(raw);
  if (stop) raw = raw.slice(0, stop.index);
  const end = start + raw.length;
  const isLast = nextKeyStart === text.length && !stop;
  let value = raw.trim().replace(/(?:\s*(?:,|;|&|\band\b))+$/i, "");
  if (isLast) value = value.replace(/[.!?]+$/, "").replace(POLITE_TAIL, "").replace(/[.!?,]+$/, "");
  return { value: value.trim(), end };
}

/** "the template called node-dev" names the template, not the workspace: read it before names. */
function extractTemplateNamed(text: string): { template?: string; rest: string } {
  const match = new RegExp(String.raw`\btemplates?\s+(?:called|named)\s+${VALUE}`, "i").exec(text);
  if (!match) return { rest: text };
  return { template: cleanToken(firstGroup(match)), rest: cut(text, match) };
}

function extractName(text: string): { name?: string; rest: string } {
  const pattern = new RegExp(
    String.raw`\b(?:called\s+|named\s+|name\s+it\s+|with\s+(?:the\s+)?name\s+(?:of\s+)?|(?:its\s+|the\s+)?name\s*(?:is\s+|:\s*|should\s+be\s+))${VALUE}`,
    "i",
  );
  const match = pattern.exec(text);
  if (!match) return { rest: text };
  const name = cleanToken(firstGroup(match));
  return name ? { name, rest: cut(text, match) } : { rest: cut(text, match) };
}

function detectIntent(text: string, namesTemplate: boolean): RequestIntent {
  const words = text.replace(/[^\w\s'.-]/g, " ");
  const mentionsWorkspace = new RegExp(String.raw`\b${WORKSPACE_NOUN}\b`).test(words) || /\b(?:it|one)\b/.test(words);
  const hasCreateVerb =
    /\b(?:create|make|new|spin(?:\s*|-)up|set(?:\s*|-)?up|provision|launch|fire up|give me|get me|i need|i want|i'd like|id like|build (?:me )?(?:a|an|another|new))\b/.test(
      words,
    ) || /\bstart\s+(?:up\s+)?(?:a|an|another|new|one)\b/.test(words);

  // Questions about state ("is it running?", "did my workspace stop?") before the verbs they contain.
  if (!hasCreateVerb && /^(?:is|are|was|has|have|did|does)\b/.test(words) && mentionsWorkspace) return "status";
  const asksForTemplates =
    /\b(?:what|which)\b.*\btemplates?\b|\btemplates?\b.*\b(?:are there|do you have|can i use|available|exist)\b|\bwhat can i (?:create|make|build|use)\b/.test(words);
  if (asksForTemplates && !/\b(?:create|make|spin|launch|provision)\b/.test(words)) return "list_templates";
  if (hasCreateVerb && (mentionsWorkspace || namesTemplate)) return "create_workspace";
  if (/\bstart\b/.test(words) && namesTemplate && /\b(?:from|using|with)\b/.test(words)) return "create_workspace";

  if (/\b(?:stop|shut\s*down|shutdown|halt|power\s+(?:off|down)|pause|suspend)\b|\bshut\b.*\bdown\b|\bturn\b.*\boff\b/.test(words)) {
    return "stop_workspace";
  }
  if (/\b(?:start|boot|power\s+on|resume|wake(?:\s+up)?|bring\s+up|switch\s+on|turn\s+on)\b|\bturn\s+(?:\S+\s+){1,3}on\b/.test(words)) {
    return "start_workspace";
  }
  if (/\btemplates?\b/.test(words)) return "list_templates";
  if (/\b(?:status|state|doing|happening|going on|up to|running|ready|alive|progress|how(?:'s| is) my)\b/.test(words)) return "status";
  if (/^\s*(?:\?+|h|help|commands|usage|menu)\s*[.!?]*\s*$/.test(text) || /\b(?:help|what can you do|what do you do|how does this work|how do i)\b/.test(words)) {
    return "help";
  }
  return "unknown";
}

function listQuery(text: string): string | undefined {
  const named = new RegExp(
    String.raw`\btemplates?\b.*?\b(?:for|with|about|matching|match|like|containing|related to|that match(?:es)?|on|using)\s+(?:the\s+|a\s+|an\s+)?${VALUE}`,
    "i",
  ).exec(text);
  const fromNamed = named ? cleanToken(firstGroup(named)) : undefined;
  if (fromNamed && !NOT_A_QUERY.has(fromNamed.toLowerCase())) return fromNamed;
  // "any python templates?", "show me node templates": the word right before "templates".
  for (const match of overlappingMatches(String.raw`${WORD_VALUE}\s+templates?\b`, text)) {
    const word = cleanToken(firstGroup(match));
    if (word && !NOT_A_QUERY.has(word.toLowerCase())) return word;
  }
  return undefined;
}

function createTemplate(text: string): string | undefined {
  const patterns = [
    // "from node-dev", "using the node-dev template", "based on template 'quick'"
    String.raw`\b(?:from|using|use|with|based\s+on|off)\s+(?:the\s+|a\s+|an\s+)?(?:template\s+)?${VALUE}`,
    // "the node-dev template"
    String.raw`${WORD_VALUE}\s+template\b`,
    // "template node-dev"
    String.raw`\btemplate\s+${VALUE}`,
    // "a quick workspace", "spin up a Node.js box"
    String.raw`${WORD_VALUE}\s+${WORKSPACE_NOUN}\b`,
    // "a workspace for node development"
    String.raw`\bfor\s+(?:the\s+|a\s+|an\s+)?${VALUE}`,
  ];
  for (const pattern of patterns) {
    for (const match of overlappingMatches(pattern, text)) {
      const word = cleanToken(firstGroup(match));
      if (word && !NOT_A_TEMPLATE.has(word.toLowerCase())) return word;
    }
  }
  return undefined;
}

/** Every match, overlaps included: in "with from node-dev" both "with from" and "from node-dev" count. */
function* overlappingMatches(pattern: string, text: string): Generator<RegExpExecArray> {
  const regex = new RegExp(pattern, "gi");
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    yield match;
    regex.lastIndex = match.index + 1;
  }
}

function firstGroup(match: RegExpMatchArray): string {
  return match.slice(1).find((group) => group !== undefined) ?? "";
}

/** Trailing sentence punctuation is not part of a name: "called demo." → "demo". */
function cleanToken(token: string): string | undefined {
  const cleaned = token.trim().replace(/[.,;:!?]+$/, "");
  return cleaned || undefined;
}

function cut(text: string, match: RegExpExecArray): string {
  return `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`.replace(/\s+/g, " ").trim();
}
