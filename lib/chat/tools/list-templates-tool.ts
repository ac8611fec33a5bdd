import "server-only";
import { tool } from "ai";
import { db } from "@/lib/db/client";
import { recommend, rankTemplate, type MatchRank } from "./rank-templates";
import { listTemplatesInputSchema, type ListTemplatesInput } from "./schemas";
import type { ToolContext } from "./tool-context";

export const LIST_TEMPLATES_DESCRIPTION =
  "List the templates this chat may create workspaces from (10 per page). Optional query matches name, " +
  "display name and description. Returns a recommended_template_id when one template clearly fits, and next_step.";

const PAGE_SIZE = 10;
const DESCRIPTION_CHARS = 200;

/** list_templates (docs/chat-tools.md, "list_templates"): the chat's organisation, allowed, not deprecated. */
export async function runListTemplates(ctx: ToolContext, input: ListTemplatesInput) {
  const prisma = await db();
  const query = (input.query ?? "").trim();
  const page = input.page ?? 1;
  const [rows, counts] = await Promise.all([
    prisma.template.findMany({
      where: { organizationId: ctx.organizationId, allowedInChat: true, deprecated: false },
      orderBy: { name: "asc" },
    }),
    prisma.workspace.groupBy({ by: ["templateId"], where: { ownerId: ctx.actor.id, deleted: false }, _count: { _all: true } }),
  ]);
  const countByTemplate = new Map(counts.map((c) => [c.templateId, c._count._all]));
  const ranked = rows
    .map((row) => ({ ...row, rank: rankTemplate(row, query) }))
    .filter((row): row is typeof row & { rank: MatchRank } => row.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
  const recommended = recommend(ranked, Boolean(query));
  const slice = ranked.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const templates = slice.map((t) => {
    const count = countByTemplate.get(t.id) ?? 0;
    return {
      id: t.id,
      name: t.name,
      ...(t.displayName ? { display_name: t.displayName } : {}),
      ...(t.description ? { description: t.description.length > DESCRIPTION_CHARS ? `${t.description.slice(0, DESCRIPTION_CHARS - 1)}…` : t.description } : {}),
      ...(count > 0 ? { your_workspace_count: count } : {}),
    };
  });
  return {
    templates,
    page,
    ...(ranked.length > page * PAGE_SIZE ? { next_page: page + 1 } : {}),
    ...(recommended ? { recommended_template_id: recommended.id } : {}),
    next_step: nextStep({ total: rows.length, matched: ranked.length, query, recommended }),
  };
}

function nextStep({ total, matched, query, recommended }: { total: number; matched: number; query: string; recommended: { id: string; name: string } | null }) {
  if (total === 0) return "No templates are available for chat workspaces. Tell the user to ask an admin to allow one.";
  if (matched === 0) return `No template matches "${query}". Call list_templates again without a query to see all templates.`;
  if (recommended) return `Use template_id ${recommended.id} (${recommended.name}) with create_workspace; call read_template first if you need its parameters.`;
  return "Several templates fit: ask the user which one to use, then call create_workspace with its template_id.";
}

export const listTemplatesTool = (ctx: ToolContext) =>
  tool({
    description: LIST_TEMPLATES_DESCRIPTION,
    inputSchema: listTemplatesInputSchema,
    execute: (input) => runListTemplates(ctx, input),
  });
