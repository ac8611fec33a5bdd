import { z } from "zod";

// Identity and sign-in: the lowest layer of accounts. lib/users builds on it, never the reverse.

export const userRoleSchema = z.enum(["member", "admin"]);
export type UserRole = z.infer<typeof userRoleSchema>;

export const loginSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "required").max(254, "at most 254 characters"),
  password: z.string().min(1, "required").max(256, "at most 256 characters"),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "required").max(64, "at most 64 characters"),
  lifetimeDays: z.number().int().min(1).max(365).optional(),
});

/** POST /auth/logout. */
export const signedOutSchema = z.object({ ok: z.literal(true) });
