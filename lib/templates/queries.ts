import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type {
  CreatedTemplateVersion,
  CreateTemplateInput,
  CreateTemplateVersionInput,
  Template,
  TemplateDetail,
  UpdateTemplateInput,
} from "./schemas";

export const templateKeys = {
  all: ["templates"] as const,
  list: () => [...templateKeys.all, "list"] as const,
  detail: (templateId: string) => [...templateKeys.all, "detail", templateId] as const,
};

export const templates = () =>
  queryOptions({ queryKey: templateKeys.list(), queryFn: () => apiFetch<Template[]>("/templates") });

export const templateById = (templateId: string) =>
  queryOptions({
    queryKey: templateKeys.detail(templateId),
    queryFn: () => apiFetch<TemplateDetail>(`/templates/${templateId}`),
  });

// Every write answers the whole template, so its detail is set from the answer; the list is
// invalidated since order, flags and display fields shown there may have changed.
export const createTemplate = (queryClient: QueryClient) => ({
  mutationFn: (input: CreateTemplateInput) => apiFetch<TemplateDetail>("/templates", { body: input }),
  onSuccess: (template: TemplateDetail) => {
    queryClient.setQueryData(templateKeys.detail(template.id), template);
    return queryClient.invalidateQueries({ queryKey: templateKeys.list() });
  },
});

export const updateTemplate = (queryClient: QueryClient) => ({
  mutationFn: ({ templateId, input }: { templateId: string; input: UpdateTemplateInput }) =>
    apiFetch<TemplateDetail>(`/templates/${templateId}`, { method: "PATCH", body: input }),
  onSuccess: (template: TemplateDetail) => {
    queryClient.setQueryData(templateKeys.detail(template.id), template);
    return queryClient.invalidateQueries({ queryKey: templateKeys.list() });
  },
});

export const createTemplateVersion = (queryClient: QueryClient, templateId: string) => ({
  mutationFn: (input: CreateTemplateVersionInput) =>
    apiFetch<CreatedTemplateVersion>(`/templates/${templateId}/versions`, { body: input }),
  onSuccess: ({ template }: CreatedTemplateVersion) => {
    queryClient.setQueryData(templateKeys.detail(template.id), template);
    return queryClient.invalidateQueries({ queryKey: templateKeys.list() });
  },
});
