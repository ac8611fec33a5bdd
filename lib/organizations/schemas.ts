import { z } from "zod";

export const organizationNameSchema = z
  .string()
  .trim()
  .min(1, "required")
  .max(32, "at most 32 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single hyphens between them");

export const createOrganizationSchema = z.object({
  name: organizationNameSchema,
  displayName: z.string().trim().max(64, "at most 64 characters").optional(),
});

export const addMemberSchema = z.object({ userId: z.uuid() });

export const organizationSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  displayName: z.string(),
  isDefault: z.boolean(),
  createdAt: z.string(),
});
export type Organization = z.infer<typeof organizationSchema>;
