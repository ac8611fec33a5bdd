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

export const createUserSchema = createFirstUserSchema.extend({
  role: userRoleSchema.default("member"),
  organizationId: z.uuid().optional(),
});
export type CreateUserInput = z.input<typeof createUserSchema>;


export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  username: z.string(),
  name: z.string(),
  role: userRoleSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const meSchema = userSchema.extend({
  organizations: z.array(z.object({ id: z.uuid(), name: z.string(), displayName: z.string(), isDefault: z.boolean() })),
});
export type Me = z.infer<typeof meSchema>;

/** POST /auth/login and POST /users/first: the signed-in user (the session cookie is set). */
export const signedInSchema = z.object({ user: userSchema });
