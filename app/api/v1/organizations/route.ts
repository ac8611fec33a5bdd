import { json, route } from "@/lib/api/route";
import { createOrganization } from "@/lib/organizations/create-organization";
import { listOrganizations } from "@/lib/organizations/list-organizations";
import { createOrganizationSchema } from "@/lib/organizations/schemas";
import { toOrganization } from "@/lib/organizations/to-organization";

// GET /api/v1/organizations - organisations I belong to (admins: all)
export const GET = route({}, async ({ actor }) => json((await listOrganizations({ actor })).map(toOrganization)));

// POST /api/v1/organizations - an admin creates an organisation
export const POST = route({ access: "admin", body: createOrganizationSchema }, async ({ body, actor }) =>
  json(toOrganization(await createOrganization({ input: body, actor })), 201),
);
