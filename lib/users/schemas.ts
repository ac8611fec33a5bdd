import { z } from "zod";
import { userRoleSchema } from "@/lib/auth/schemas";

/** Shared by client forms and the API. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "at most 254 characters")
  .pipe(z.email("must be an email address"));

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "required")
  .max(32, "at most 32 characters")
  .regex(/^[a-zA-Z0-9]+(?:-[a-zA-Z0-9]+)*$/, "letters, digits and single hyphens between them");

export const passwordSchema = z
  .string()
  .min(8, "at least 8 characters")
  .max(256, "at most 256 characters");

export const createFirstUserSchema = z.object({
  email: emailSchema,
  username: usernameSchema,
  password: passwordSchema,
  name: z.string().trim().max(128, "at most 128 characters").optional(),
});
export type CreateFirstUserInput = z.infer<typeof createFirstUserSchema>;

/** An admin's new user: without a password, one is generated and answered once. */
export const createUserSchema = createFirstUserSchema.extend({
  password: passwordSchema.optional(),
  role: userRoleSchema.default("member"),
  organizationId: z.uuid().optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;

export const userStatusSchema = z.enum(["active", "suspended"]);
export type UserStatus = z.infer<typeof userStatusSchema>;

/** PATCH /users/:id: a role, a status, or both. */
export const updateUserSchema = z
  .object({ role: userRoleSchema.optional(), status: userStatusSchema.optional() })
  .strict()
  .refine((input) => input.role !== undefined || input.status !== undefined, "give a role or a status");
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

/** POST /users/:id/password: an admin's reset; without a password, one is generated. */
export const resetPasswordSchema = z.object({ password: passwordSchema.optional() }).strict();
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

/** POST /users/me/password: the old password proves it is the owner at the keyboard. */
export const changeOwnPasswordSchema = z.object({
  oldPassword: z.string().min(1, "required").max(256, "at most 256 characters"),
  newPassword: passwordSchema,
});
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordSchema>;


export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  name: z.string(),
  role: userRoleSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

/** A row of the admin's user list. */
export const adminUserSchema = userSchema.extend({
  status: userStatusSchema,
  lastSeenAt: z.string().nullable(),
  workspaceCount: z.number().int(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;
export const adminUserListSchema = z.array(adminUserSchema);

/** A created user or a reset password: the generated password is in the answer, once. */
export const createdUserSchema = adminUserSchema.extend({ generatedPassword: z.string().optional() });
export type CreatedUser = z.infer<typeof createdUserSchema>;
export const passwordResetSchema = z.object({ generatedPassword: z.string().optional() });

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
export const apiTokenListSchema = z.array(apiTokenSchema);
export const createdApiTokenSchema = z.object({ id: z.uuid(), name: z.string(), token: z.string(), expiresAt: z.string() });
export const okSchema = z.object({ ok: z.literal(true) });

export const meSchema = userSchema.extend({
  organizations: z.array(z.object({ id: z.uuid(), name: z.string(), displayName: z.string(), isDefault: z.boolean() })),
});
export type Me = z.infer<typeof meSchema>;

/** POST /auth/login and POST /users/first: the signed-in user (the session cookie is set). */
export const signedInSchema = z.object({ user: userSchema });
