import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { chatSettingsSchema, type ChatSettings, type UpdateChatSettingsInput } from "./schemas";

export const chatSettingsKeys = {
  all: ["chat-settings"] as const,
};

export const chatSettings = () =>
  queryOptions({ queryKey: chatSettingsKeys.all, queryFn: () => apiFetch("/chat-settings", chatSettingsSchema) });

// The PUT answers the stored settings, so the cache is set from it without a refetch.
export const updateChatSettings = (queryClient: QueryClient) => ({
  mutationFn: (input: UpdateChatSettingsInput) => apiFetch("/chat-settings", chatSettingsSchema, { method: "PUT", body: input }),
  onSuccess: (settings: ChatSettings) => queryClient.setQueryData(chatSettingsKeys.all, settings),
});
