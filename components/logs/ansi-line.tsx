import Anser from "anser";
import { memo } from "react";

// Literal class names, so Tailwind sees every one of them.
const COLORS: Record<string, string> = {
  "ansi-black": "text-stone-400",
  "ansi-red": "text-red-400",
  "ansi-green": "text-green-400",
  "ansi-yellow": "text-yellow-300",
  "ansi-blue": "text-blue-400",
  "ansi-magenta": "text-fuchsia-400",
  "ansi-cyan": "text-cyan-300",
  "ansi-white": "text-stone-100",
  "ansi-bright-black": "text-stone-300",
  "ansi-bright-red": "text-red-300",
  "ansi-bright-green": "text-green-300",
  "ansi-bright-yellow": "text-yellow-200",
  "ansi-bright-blue": "text-blue-300",
  "ansi-bright-magenta": "text-fuchsia-300",
  "ansi-bright-cyan": "text-cyan-200",
  "ansi-bright-white": "text-white",
};
const BACKGROUNDS: Record<string, string> = {
  "ansi-red": "bg-red-900",
  "ansi-green": "bg-green-900",
  "ansi-yellow": "bg-yellow-900",
  "ansi-blue": "bg-blue-900",
  "ansi-magenta": "bg-fuchsia-900",
  "ansi-cyan": "bg-cyan-900",
  "ansi-white": "bg-stone-600",
};
const DECORATIONS: Record<string, string> = {
  bold: "font-bold",
  dim: "opacity-70",
  italic: "italic",
  underline: "underline",
  strikethrough: "line-through",
};
const RGB = /^\d{1,3}, ?\d{1,3}, ?\d{1,3}$/;

/**
 * One log line with its ANSI colours. The text is rendered as React text nodes — escape codes
 * become classes, and nothing in a log line can ever become HTML.
 */
export const AnsiLine = memo(function AnsiLine({ text }: { text: string }) {
  if (!text.includes("\u001b")) return <>{text}</>;
  const segments = Anser.ansiToJson(text, { use_classes: true, remove_empty: true });
  return (
    <>
      {segments.map((segment, index) => {
        const className = [
          segment.fg ? COLORS[segment.fg] : undefined,
          segment.bg ? BACKGROUNDS[segment.bg] : undefined,
          ...segment.decorations.map((d) => DECORATIONS[d]),
        ]
          .filter(Boolean)
          .join(" ");
        const color = segment.fg_truecolor && RGB.test(segment.fg_truecolor) ? `rgb(${segment.fg_truecolor})` : undefined;
        return (
          <span key={index} className={className || undefined} style={color ? { color } : undefined}>
            {segment.content}
          </span>
        );
      })}
    </>
  );
});
