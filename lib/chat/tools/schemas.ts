import { z } from "zod";

/** Tool inputs are lenient on purpose: the tools' own checks give the messages of docs/chat-tools.md. */
const parameterValues = z
  .record(z.string().max(64, "parameter names have at most 64 characters"), z.string().max(4096, "parameter values have at most 4096 characters"))
  .refine((values) => Object.keys(values).length <= 100, "at most 100 parameters");

export const createWorkspaceInputSchema = z.object({
  template_id: z.string().max(200, "template_id is too long").optional(),
  name: z.string().max(200, "name is too long").optional(),
  parameters: parameterValues.optional(),
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInputSchema>;

export const startWorkspaceInputSchema = z.object({ parameters: parameterValues.optional() });
export type StartWorkspaceInput = z.infer<typeof startWorkspaceInputSchema>;

export const stopWorkspaceInputSchema = z.object({});

export const listTemplatesInputSchema = z.object({
  query: z.string().max(200, "query is too long").optional(),
  page: z.number().int("page must be a whole number").min(1, "page starts at 1").max(10_000).optional(),
});
export type ListTemplatesInput = z.infer<typeof listTemplatesInputSchema>;

export const readTemplateInputSchema = z.object({ template_id: z.string().max(200, "template_id is too long").optional() });
export type ReadTemplateInput = z.infer<typeof readTemplateInputSchema>;
