import { z } from "zod";
import { json, route } from "@/lib/api/route";
import { addOrganizationMember } from "@/lib/organizations/add-organization-member";
import { addMemberSchema } from "@/lib/organizations/schemas";
import { toOrganization } from "@/lib/organizations/to-organization";

// POST /api/v1/organizations/:organizationId/members - an admin adds a user to an organisation
export const POST = route(
  { access: "admin", params: z.object({ organizationId: z.uuid() }), body: addMemberSchema },
  async ({ params, body, actor }) =>
    json(toOrganization(await addOrganizationMember({ organizationId: params.organizationId, userId: body.userId, actor }))),
);
