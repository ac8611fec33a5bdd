"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { ApiError } from "@/lib/api/client";
import { leaveWhenSignedOut } from "@/lib/api/leave-when-signed-out";

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab; created in state so a re-render never replaces the cache.
  const [client] = useState(
    () =>
      new QueryClient({
        // Any request that finds the session gone (401) signs the tab out, whichever page made it.
        queryCache: new QueryCache({ onError: leaveWhenSignedOut }),
        mutationCache: new MutationCache({ onError: leaveWhenSignedOut }),
        defaultOptions: { queries: { staleTime: 10_000, retry: (count, error) => !(error instanceof ApiError && error.status === 401) && count < 1 } },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
