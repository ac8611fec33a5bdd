import { queryOptions, type QueryClient } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { signedOutSchema, type LoginInput } from "@/lib/auth/schemas";
import {
  adminUserListSchema,
  adminUserSchema,
  apiTokenListSchema,
  createdApiTokenSchema,
  createdUserSchema,
  meSchema,
  okSchema,
  passwordResetSchema,
  signedInSchema,
  type ChangeOwnPasswordInput,
  type CreateFirstUserInput,
  type CreateUserInput,
  type UpdateUserInput,
} from "./schemas";

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

// Admin: users. Each mutation refreshes the list, which holds status, role and counts.
export const adminUserKeys = {
  all: [...userKeys.all, "admin"] as const,
  list: () => [...adminUserKeys.all, "list"] as const,
};

export const adminUsers = () =>
  queryOptions({ queryKey: adminUserKeys.list(), queryFn: () => apiFetch("/users", adminUserListSchema) });

export const createUser = (queryClient: QueryClient) => ({
  mutationFn: (input: CreateUserInput) => apiFetch("/users", createdUserSchema, { body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: adminUserKeys.all }),
});

export const updateUser = (queryClient: QueryClient) => ({
  mutationFn: ({ userId, ...input }: UpdateUserInput & { userId: string }) =>
    apiFetch(`/users/${userId}`, adminUserSchema, { method: "PATCH", body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: adminUserKeys.all }),
});

export const resetUserPassword = () => ({
  mutationFn: ({ userId }: { userId: string }) => apiFetch(`/users/${userId}/password`, passwordResetSchema, { body: {} }),
});

// The signed-in user's own account.
export const changeOwnPassword = () => ({
  mutationFn: (input: ChangeOwnPasswordInput) => apiFetch("/users/me/password", okSchema, { body: input }),
});

export const tokenKeys = {
  all: [...userKeys.all, "tokens"] as const,
};

export const myTokens = () => queryOptions({ queryKey: tokenKeys.all, queryFn: () => apiFetch("/users/me/tokens", apiTokenListSchema) });

export const createMyToken = (queryClient: QueryClient) => ({
  mutationFn: (input: { name: string }) => apiFetch("/users/me/tokens", createdApiTokenSchema, { body: input }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
});

export const revokeMyToken = (queryClient: QueryClient) => ({
  mutationFn: ({ tokenId }: { tokenId: string }) => apiFetch(`/users/me/tokens/${tokenId}`, okSchema, { method: "DELETE" }),
  onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.all }),
});
