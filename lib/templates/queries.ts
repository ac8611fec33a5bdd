import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { z } from "zod";
import {
  createdTemplateVersionSchema,
  templateDetailSchema,
  templateSchema,
  templateVersionDetailSchema,
  type CreatedTemplateVersion,
  type CreateTemplateInput,
  type Template,
  type CreateTemplateVersionInput,
  type TemplateDetail,
  type UpdateTemplateInput,
} from "./schemas";

export const templateKeys = {
  all: ["templates"] as const,
  list: () => [...templateKeys.all, "list"] as const,
  detail: (templateId: string) => [...templateKeys.all, "detail", templateId] as const,
  versions: (templateId: string) => [...templateKeys.all, "versions", templateId] as const,
  /** Mutation key of template updates, to tell whether others are still running. */
  update: () => [...templateKeys.all, "update"] as const,
};

export const templates = () =>
  queryOptions({ queryKey: templateKeys.list(), queryFn: () => apiFetch("/templates", z.array(templateSchema)) });

export const templateById = (templateId: string) =>
  queryOptions({ queryKey: templateKeys.detail(templateId), queryFn: () => apiFetch(`/templates/${templateId}`, templateDetailSchema) });

export const templateVersions = (templateId: string) =>
  queryOptions({
    queryKey: templateKeys.versions(templateId),
    queryFn: () => apiFetch(`/templates/${templateId}/versions`, z.array(templateVersionDetailSchema)),
  });

// Every write answers the whole template, so its detail is set from the answer; the list is
// invalidated since order, flags and display fields shown there may have changed.
export const createTemplate = (queryClient: QueryClient) => ({
  mutationFn: (input: CreateTemplateInput) => apiFetch("/templates", templateDetailSchema, { body: input }),
  onSuccess: (template: TemplateDetail) => {
    queryClient.setQueryData(templateKeys.detail(template.id), template);
    return queryClient.invalidateQueries({ queryKey: templateKeys.list() });
  },
});

type TemplateUpdate = { templateId: string; input: UpdateTemplateInput };

/** The fields an update sets (a PATCH leaves undefined ones alone), applied to a listed template. */
function withUpdate(template: Template, input: UpdateTemplateInput): Template {
  return { ...template, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) };
}

/** Writes to one listed template, leaving the others as they are. */
function patchListed(queryClient: QueryClient, templateId: string, patch: (template: Template) => Template) {
  queryClient.setQueryData<Template[]>(templateKeys.list(), (list) =>
    list?.map((template) => (template.id === templateId ? patch(template) : template)),
  );
}

// Optimistic: the list shows the change at once (an admin's switch must not lag a round trip).
// A failure puts back only the fields this call changed on that one template, so a concurrent
// change to another row is not undone with it. The list is refetched once no update is left
// running; an earlier refetch could briefly show a row's old value while its PATCH is in flight.
export const updateTemplate = (queryClient: QueryClient) => ({
  mutationKey: templateKeys.update(),
  mutationFn: ({ templateId, input }: TemplateUpdate) =>
    apiFetch(`/templates/${templateId}`, templateDetailSchema, { method: "PATCH", body: input }),
  onMutate: async ({ templateId, input }: TemplateUpdate) => {
    await queryClient.cancelQueries({ queryKey: templateKeys.list() });
    const previous = queryClient.getQueryData<Template[]>(templateKeys.list())?.find((t) => t.id === templateId);
    patchListed(queryClient, templateId, (template) => withUpdate(template, input));
    return { previous };
  },
  onError: (_error: Error, { templateId, input }: TemplateUpdate, context?: { previous?: Template }) => {
    const previous = context?.previous;
    if (!previous) return;
    const changed = Object.keys(input).filter((key) => input[key as keyof UpdateTemplateInput] !== undefined);
    const restored = Object.fromEntries(changed.map((key) => [key, previous[key as keyof Template]]));
    patchListed(queryClient, templateId, (template) => ({ ...template, ...restored }));
  },
  onSuccess: (template: TemplateDetail) => {
    queryClient.setQueryData(templateKeys.detail(template.id), template);
  },
  onSettled: () =>
    queryClient.isMutating({ mutationKey: templateKeys.update() }) <= 1
      ? queryClient.invalidateQueries({ queryKey: templateKeys.list() })
      : undefined,
});

export const createTemplateVersion = (queryClient: QueryClient, templateId: string) => ({
  mutationFn: (input: CreateTemplateVersionInput) =>
    apiFetch(`/templates/${templateId}/versions`, createdTemplateVersionSchema, { body: input }),
  onSuccess: ({ template }: CreatedTemplateVersion) => {
    queryClient.setQueryData(templateKeys.detail(template.id), template);
    void queryClient.invalidateQueries({ queryKey: templateKeys.versions(template.id) });
    return queryClient.invalidateQueries({ queryKey: templateKeys.list() });
  },
});
