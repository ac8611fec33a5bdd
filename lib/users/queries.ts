import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { signedOutSchema, type LoginInput } from "@/lib/auth/schemas";
import { meSchema, signedInSchema, type CreateFirstUserInput } from "./schemas";

export const userKeys = {
  all: ["users"] as const,
  me: () => [...userKeys.all, "me"] as const,
};

export const me = () => queryOptions({ queryKey: userKeys.me(), queryFn: () => apiFetch("/users/me", meSchema) });

export const login = (queryClient: QueryClient) => ({
  mutationFn: (input: LoginInput) => apiFetch("/auth/login", signedInSchema, { body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
});

export const createFirstUser = (queryClient: QueryClient) => ({
  mutationFn: (input: CreateFirstUserInput) => apiFetch("/users/first", signedInSchema, { body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
});

export const logout = (queryClient: QueryClient) => ({
  mutationFn: () => apiFetch("/auth/logout", signedOutSchema, { method: "POST" }),
  // Signing out drops everything cached for the previous user.
  onSuccess: () => queryClient.clear(),
});
