import { readFileSync } from "node:fs";
import path from "node:path";
import type { TemplateSpecInput } from "@/lib/templates/schemas";

const source = readFileSync(path.join(import.meta.dirname, "echo-app.cjs")).toString("base64");

/**
 * A template whose agent starts the echo app (echo-app.cjs) on port 8080 as app `web` (checked
 * every second), with app `down` on a port nothing listens on and `plain` without a healthcheck.
 */
export function echoTemplate(extra: { share?: "owner" | "authenticated" | "public"; maxShare?: "owner" | "authenticated" | "public" } = {}): TemplateSpecInput {
  return {
    name: "echo",
    max_app_share: extra.maxShare ?? "owner",
    agents: [
      {
        name: "main",
        scripts: [
          {
            name: "Start echo app",
            timeout: 30,
            run: [
              "set -e",
              'cd "$KILN_WORKSPACE_DIR"',
              `node -e 'require("node:fs").writeFileSync("echo.js", Buffer.from(process.argv[1], "base64"))' '${source}'`,
              "nohup node echo.js > echo.log 2>&1 &",
              'for i in $(seq 1 100); do node -e \'require("node:http").get("http://127.0.0.1:8080/", () => process.exit(0)).on("error", () => process.exit(1))\' && exit 0; sleep 0.1; done',
              "cat echo.log; exit 1",
            ].join("\n"),
          },
        ],
        apps: [
          { slug: "web", port: 8080, share: extra.share ?? "owner", healthcheck: { path: "/health", interval: 1, threshold: 2 } },
          // Nothing listens on 9999: its healthcheck fails.
          { slug: "down", port: 9999, healthcheck: { path: "/", interval: 1, threshold: 2 } },
          { slug: "plain", port: 8080 },
        ],
      },
    ],
  };
}
