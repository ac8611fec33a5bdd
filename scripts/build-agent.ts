// `tsx scripts/build-agent.ts`: bundles the workspace agent (lib/agent-program/main.ts) into
// generated/agent/agent.mjs. Run at install; provisioners also rebuild it when it is stale.
import { ensureAgentBundle } from "@/lib/workspace-agents/agent-bundle";

const started = Date.now();
const file = await ensureAgentBundle();
console.log(`kiln: agent bundle ${file} ready in ${Date.now() - started} ms`);
