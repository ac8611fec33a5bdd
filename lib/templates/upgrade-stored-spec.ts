/**
 * A spec stored before apps named ports (`url: http://127.0.0.1:3000`), read as the port of that
 * URL, so stored versions keep working; a new version with `url` fails validation with a message
 * saying what to write. Anything that is not such an app is returned untouched.
 */
export function upgradeStoredSpec(spec: unknown): unknown {
  if (!isRecord(spec) || !Array.isArray(spec.agents)) return spec;
  return {
    ...spec,
    agents: spec.agents.map((agent: unknown) => {
      if (!isRecord(agent) || !Array.isArray(agent.apps)) return agent;
      return {
        ...agent,
        apps: agent.apps.map((app: unknown) => {
          if (!isRecord(app) || typeof app.url !== "string" || app.port !== undefined) return app;
          const url = URL.parse(app.url);
          if (!url) return app;
          const { url: _legacy, ...rest } = app;
          const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
          return { ...rest, port, path: url.pathname || "/" };
        }),
      };
    }),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
