// A remark plugin: raw HTML in a chat message is shown as the text it is, never rendered and never
// dropped. Dropping it ate placeholders such as "<template>" out of the built-in assistant's help.

type Node = { type: string; value?: string; children?: Node[] };

export function remarkHtmlAsText() {
  return (tree: Node) => {
    const stack: Node[] = [tree];
    // An explicit stack: a hostile message can nest deeper than the call stack allows.
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === "html") node.type = "text";
      if (node.children) stack.push(...node.children);
    }
  };
}

/** Deeper than this, a line's block nesting ("> > > …", nested list markers) is not rendered as markdown. */
const MAX_BLOCK_PREFIX = 64;

/**
 * Whether markdown rendering can take this text: the markdown-to-HTML step recurses once per
 * nesting level, so a message of a few kB of "> " would overflow the stack and take the page down.
 */
export function isSafeToRenderAsMarkdown(text: string): boolean {
  for (const line of text.split("\n")) {
    const prefix = /^[\s>*+\-\d.)]*/.exec(line)![0];
    if (prefix.length > MAX_BLOCK_PREFIX) return false;
  }
  return true;
}
