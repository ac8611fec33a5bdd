import { queryOptions } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import { z } from "zod";
import { organizationSchema } from "./schemas";

export const organizationKeys = {
  all: ["organizations"] as const,
  list: () => [...organizationKeys.all, "list"] as const,
};

// Organisations change rarely; a few minutes of staleness only delays a new name in a table.
export const organizations = () =>
  queryOptions({
    queryKey: organizationKeys.list(),
    queryFn: () => apiFetch("/organizations", z.array(organizationSchema)),
    staleTime: 5 * 60_000,
  });
