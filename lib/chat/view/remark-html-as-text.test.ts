import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { MarkdownText } from "@/components/chat/markdown-text";
import { SAY_CREATE } from "@/lib/chat/model/builtin/describe-tool-result";

const render = (text: string) => renderToStaticMarkup(createElement(MarkdownText, { text }));

describe("chat markdown", () => {
  it("shows a placeholder in angle brackets as text", () => {
    expect(render(SAY_CREATE)).toContain("create a workspace from &lt;template&gt;");
  });

  it("never renders raw HTML", () => {
    const html = render('hi <script>alert(1)</script> <img src="x" onerror="alert(1)"> <b>bold</b>');
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("survives deeply nested markup", () => {
    expect(render(`${"> ".repeat(5000)}<x>`)).toContain("&lt;x&gt;");
  });
});
