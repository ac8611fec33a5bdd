import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { LoginInput } from "@/lib/auth/schemas";
import type { CreateFirstUserInput, Me, User } from "./schemas";

export const userKeys = {
  all: ["users"] as const,
  me: () => [...userKeys.all, "me"] as const,
};

export const me = () => queryOptions({ queryKey: userKeys.me(), queryFn: () => apiFetch<Me>("/users/me") });

export const login = (queryClient: QueryClient) => ({
  mutationFn: (input: LoginInput) => apiFetch<{ user: User }>("/auth/login", { body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
});

export const createFirstUser = (queryClient: QueryClient) => ({
  mutationFn: (input: CreateFirstUserInput) => apiFetch<{ user: User }>("/users/first", { body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
});

export const logout = (queryClient: QueryClient) => ({
  mutationFn: () => apiFetch<{ ok: true }>("/auth/logout", { method: "POST" }),
  // Signing out drops everything cached for the previous user.
  onSuccess: () => queryClient.clear(),
});
