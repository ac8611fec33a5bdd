import type http from "node:http";
import type { z } from "zod";
import { AppError, notFound, validationError } from "../errors";
import {
  editFileSchema,
  editFilesSchema,
  openTerminalSchema,
  pathQuerySchema,
  processOutputQuerySchema,
  readFileQuerySchema,
  resizeTerminalSchema,
  signalProcessSchema,
  startProcessSchema,
  terminalInputSchema,
  writeFileSchema,
} from "../workspace-agents/workspace-api-schemas";
import { editWorkspaceFile, editWorkspaceFiles } from "./edit-workspace-file";
import { ProcessManager, type ProcessReportSink } from "./process-manager";
import { readWorkspacePath } from "./read-workspace-path";
import { streamTerminal } from "./stream-terminal";
import { TerminalManager } from "./terminal-manager";
import { writeWorkspaceFile } from "./write-workspace-file";

/** Largest request body: a 1 MiB file as JSON, escapes included, with room for an edit's two texts. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/** How often unwatched terminals are looked for. */
const SWEEP_MS = 30_000;

type Reply = { status: number; body?: unknown };

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const type = request.headers["content-type"] ?? "";
  if (!/^application\/json\b/i.test(type)) throw new AppError("unsupported_media_type", "the body must be application/json");
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", "the body is larger than 8 MiB");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new AppError("payload_too_large", "the body is larger than 8 MiB");
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new AppError("bad_request", "the body is not valid JSON");
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, `invalid ${what}`);
  return result.data;
}

const body = async <T extends z.ZodType>(request: http.IncomingMessage, schema: T) => parse(schema, await readJson(request), "body");

/**
 * The workspace API of the agent (DESIGN.md "Inside a workspace"), served on its listener behind
 * the dial secret: processes, files and terminals, relative paths from `home`, commands and
 * shells with `env` (the agent's script environment). Every body and query is parsed with the
 * shared schemas; failures answer `{message}` with 400/404/409/413/415.
 */
export function createWorkspaceApi({
  home,
  env,
  now = Date.now,
  log,
  reports,
}: {
  home: string;
  env: Record<string, string>;
  now?: () => number;
  log: (message: string) => void;
  /** Where the output of processes started with `report` goes. */
  reports?: ProcessReportSink;
}) {
  const processes = new ProcessManager({ home, env, now, reports });
  const terminals = new TerminalManager({ home, env, now });
  const sweeper = setInterval(() => terminals.sweep(), SWEEP_MS);
  sweeper.unref();

  async function route(request: http.IncomingMessage, response: http.ServerResponse, url: URL): Promise<Reply | null> {
    const method = request.method ?? "GET";
    let parts: string[];
    try {
      parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new AppError("bad_request", "malformed path");
    }
    const query = Object.fromEntries(url.searchParams);
    const [resource, id, action] = parts;
    if (parts.length > 3) return null;

    if (resource === "processes") {
      if (id === undefined && method === "POST") {
        const { created, result } = await processes.start(await body(request, startProcessSchema));
        return { status: created ? 201 : 200, body: result };
      }
      if (id === undefined && method === "GET") return { status: 200, body: { processes: processes.list() } };
      if (id !== undefined && action === "output" && method === "GET") {
        const { wait, timeoutMs } = parse(processOutputQuerySchema, query, "query");
        return { status: 200, body: await processes.output({ id, wait: wait === "1" || wait === "true", timeoutMs }) };
      }
      if (id !== undefined && action === "signal" && method === "POST") {
        const { signal } = await body(request, signalProcessSchema);
        return { status: 200, body: processes.signal({ id, signal }) };
      }
      return null;
    }

    if (resource === "files") {
      if (id === undefined && method === "GET") {
        const { path, offset, limit } = parse(readFileQuerySchema, query, "query");
        return { status: 200, body: await readWorkspacePath({ home, path, offset, limit }) };
      }
      if (id === undefined && method === "PUT") {
        const { path } = parse(pathQuerySchema, query, "query");
        const { content } = await body(request, writeFileSchema);
        return { status: 200, body: await writeWorkspaceFile({ home, path, content }) };
      }
      if (id === "edit" && action === undefined && method === "POST") {
        const { path, edits } = await body(request, editFileSchema);
        return { status: 200, body: await editWorkspaceFile({ home, path, edits }) };
      }
      if (id === "edits" && action === undefined && method === "POST") {
        const { files } = await body(request, editFilesSchema);
        return { status: 200, body: await editWorkspaceFiles({ home, files }) };
      }
      return null;
    }

    if (resource === "terminals") {
      if (id === undefined && method === "POST") {
        const opened = await terminals.open(await body(request, openTerminalSchema));
        return { status: opened.created ? 201 : 200, body: { id: opened.id, nextSeq: opened.nextSeq } };
      }
      if (id === undefined) return null;
      if (action === "stream" && method === "GET") {
        await streamTerminal({ terminal: terminals.get(id), request, response, url });
        return { status: 0 };
      }
      if (action === "input" && method === "POST") {
        const terminal = terminals.get(id);
        const { seq, data } = await body(request, terminalInputSchema);
        return { status: 200, body: terminal.input(seq, data) };
      }
      if (action === "resize" && method === "POST") {
        const terminal = terminals.get(id);
        const { cols, rows } = await body(request, resizeTerminalSchema);
        terminal.resize(cols, rows);
        return { status: 204 };
      }
      if (action === undefined && method === "DELETE") {
        terminals.close(id);
        return { status: 204 };
      }
    }
    return null;
  }

  return {
    /** Answers a request of the workspace API; anything else is 404. */
    async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
      const reply = (status: number, payload?: unknown) => {
        if (response.headersSent) return void response.end();
        if (payload === undefined) {
          response.writeHead(status, { "cache-control": "no-store" }).end();
          return;
        }
        response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify(payload));
      };
      try {
        const answer = await route(request, response, new URL(request.url ?? "/", "http://agent"));
        if (answer === null) throw notFound("route");
        // 0: the handler answered itself (a stream).
        if (answer.status !== 0) reply(answer.status, answer.body);
      } catch (error) {
        if (error instanceof AppError) return reply(error.status, error.toBody());
        log(`workspace api ${request.method} ${request.url?.split("?")[0]} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        reply(500, { message: "internal error" });
      }
    },
    /** The process groups still running, for the agent's shutdown to end. */
    liveProcessGroups: () => processes.liveGroups(),
    close(): void {
      clearInterval(sweeper);
      terminals.closeAll();
    },
  };
}

export type WorkspaceApi = ReturnType<typeof createWorkspaceApi>;
