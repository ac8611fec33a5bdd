import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { isSafeToRenderAsMarkdown, remarkHtmlAsText } from "@/lib/chat/view/remark-html-as-text";

const REMARK_PLUGINS = [remarkGfm, remarkHtmlAsText];
// An image loads by itself from any address: a way to carry chat contents off to another site.
const NO_IMAGES = ["img"];

// Links leave the chat in a new tab; react-markdown already drops unsafe URLs (javascript: ...).
const COMPONENTS: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
};

/** The assistant's text as GitHub-flavoured markdown. Raw HTML in it shows as text, never rendered. */
export function MarkdownText({ text }: { text: string }) {
  if (!isSafeToRenderAsMarkdown(text)) return <p className="text-sm leading-6 break-words whitespace-pre-wrap">{text}</p>;
  return (
    <div className="text-sm leading-6 break-words [&_a]:text-orange-700 [&_a]:underline dark:[&_a]:text-orange-400 [&_code]:rounded [&_code]:bg-stone-100 [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs dark:[&_code]:bg-stone-800 [&_h1]:font-semibold [&_h2]:font-semibold [&_h3]:font-semibold [&_li]:my-0.5 [&_ol]:list-decimal [&_ol]:pl-5 [&_p]:my-1.5 [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-stone-100 [&_pre]:p-2 dark:[&_pre]:bg-stone-900 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_table]:my-2 [&_table]:text-left [&_td]:border [&_td]:border-stone-200 [&_td]:px-2 [&_th]:border [&_th]:border-stone-200 [&_th]:px-2 dark:[&_td]:border-stone-700 dark:[&_th]:border-stone-700 [&_ul]:list-disc [&_ul]:pl-5">
      <ReactMarkdown remarkPlugins={REMARK_PLUGINS} components={COMPONENTS} disallowedElements={NO_IMAGES} unwrapDisallowed>
        {text}
      </ReactMarkdown>
    </div>
  );
}
