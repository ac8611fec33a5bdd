"use client";

import { FitAddon } from "@xterm/addon-fit";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";
import { TerminalConnection, type TerminalState } from "@/lib/workspace-agents/terminal-connection";

/**
 * xterm.js on a TerminalConnection. Loaded only by the Terminal tab (next/dynamic), so that
 * xterm stays out of every other page's JavaScript.
 */
export default function XtermView({
  agentId,
  terminalId,
  onState,
}: {
  agentId: string;
  terminalId: string;
  onState: (state: TerminalState) => void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const onStateRef = useRef(onState);
  useEffect(() => {
    onStateRef.current = onState;
  }, [onState]);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const terminal = new Terminal({ cursorBlink: true, fontSize: 14, convertEol: false, scrollback: 5000 });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.loadAddon(new WebLinksAddon());
    terminal.open(element);
    fit.fit();
    terminal.textarea?.setAttribute("aria-label", "Terminal input");
    const connection = new TerminalConnection({
      agentId,
      terminalId,
      cols: terminal.cols,
      rows: terminal.rows,
      sink: {
        write: (data) => terminal.write(data),
        reset: (screen) => {
          terminal.reset();
          terminal.write(screen);
        },
        state: (state) => onStateRef.current(state),
      },
    });
    const input = terminal.onData((data) => connection.input(data));
    const resized = terminal.onResize(({ cols, rows }) => connection.resize(cols, rows));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onWindowResize = () => {
      clearTimeout(timer);
      timer = setTimeout(() => fit.fit(), 100);
    };
    window.addEventListener("resize", onWindowResize);
    connection.start();
    terminal.focus();
    return () => {
      window.removeEventListener("resize", onWindowResize);
      clearTimeout(timer);
      input.dispose();
      resized.dispose();
      connection.close();
      terminal.dispose();
    };
  }, [agentId, terminalId]);

  return <div ref={container} role="region" aria-label="Terminal" data-testid="terminal" className="h-[28rem] w-full overflow-hidden rounded bg-black p-1" />;
}
