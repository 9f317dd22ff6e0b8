import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "@voting/devstack";

export type ServiceName = "voting-app" | "voting-analytics";

/** The compiled entry point a pod runs: `node services/<name>/dist/server.js`. */
export function entryPoint(service: ServiceName, root = repoRoot()): string {
  return join(root, "services", service, "dist", "server.js");
}

/** The suite drives the built services, never their sources: say so plainly when they are missing. */
export function assertBuilt(root = repoRoot()): void {
  const missing = (["voting-app", "voting-analytics"] as const)
    .map((service) => entryPoint(service, root))
    .filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(
      `The fault suite starts the built services, but ${missing.join(" and ")} ` +
        `${missing.length === 1 ? "does" : "do"} not exist. Run \`npm run build\` first.`,
    );
  }
}
