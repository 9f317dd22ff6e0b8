import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "./paths.js";

export type ServiceName = "voting-app" | "voting-analytics";
export const SERVICE_NAMES: readonly ServiceName[] = ["voting-app", "voting-analytics"];

/** How a service's image starts it: its Dockerfile's CMD and ENV. */
export interface ServiceImage {
  /** The CMD's script, from the repository root (the image's WORKDIR). */
  readonly entry: string;
  /** The CMD's options to node, before the script. */
  readonly nodeFlags: readonly string[];
  /** The image's ENV, apart from PORT and SERVICE_VERSION, which every start sets. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The one record of how each service starts as its image does. The launcher, the playground's
 * pods, the bench and the fault suite start the services from it; a deploy check holds each
 * Dockerfile to it.
 */
export const SERVICE_IMAGES: Readonly<Record<ServiceName, ServiceImage>> = {
  "voting-app": {
    entry: "services/voting-app/dist/server.js",
    nodeFlags: [],
    env: { NODE_ENV: "production", NODE_OPTIONS: "--max-semi-space-size=4" },
  },
  "voting-analytics": {
    entry: "services/voting-analytics/dist/server.js",
    nodeFlags: [],
    env: { NODE_ENV: "production", NODE_OPTIONS: "--max-semi-space-size=2" },
  },
};

export interface ServiceCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/**
 * The command that runs `service` (or another script, such as the bench's bare servers) as its
 * image does, on this Node: the image's flags and variables, then `env` (the caller's PORT,
 * SERVICE_VERSION, stores...). Nothing else from this process's environment but PATH leaks in.
 */
export function imageCommand(
  service: ServiceName,
  env: Record<string, string>,
  script = serviceEntry(service),
): ServiceCommand {
  const image = SERVICE_IMAGES[service];
  return {
    command: process.execPath,
    args: [...image.nodeFlags, script],
    env: { PATH: process.env.PATH ?? "", ...image.env, ...env },
  };
}

/** The compiled entry point of a service, as an absolute path. */
export function serviceEntry(service: ServiceName, root = repoRoot()): string {
  return join(root, SERVICE_IMAGES[service].entry);
}

/** The tools start the built services, never their sources: say so plainly when one is missing. */
export function assertServicesBuilt(root = repoRoot()): void {
  const missing = SERVICE_NAMES.map((service) => serviceEntry(service, root)).filter(
    (path) => !existsSync(path),
  );
  if (missing.length === 0) return;
  const names = missing.map((path) => relative(root, path)).join(" and ");
  throw new Error(
    `${names} ${missing.length === 1 ? "does" : "do"} not exist: build first with \`npm run build\`.`,
  );
}
