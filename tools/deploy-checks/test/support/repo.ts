import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

/** The repository root, whatever the directory the tests run from. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export const scriptsDir = path.join(repoRoot, "scripts");

export function readRepoFile(relativePath: string): string {
  return readFileSync(path.join(repoRoot, relativePath), "utf8");
}

export interface ImageEntry {
  /** e.g. voting/voting-app:2.0 */
  image: string;
  /** e.g. voting/voting-app */
  name: string;
  /** e.g. 2.0, which is also the SERVICE_VERSION build argument */
  tag: string;
  /** relative to the repository root */
  dockerfile: string;
}

/** The images of scripts/images.txt, in file order. */
export function readImages(): ImageEntry[] {
  return readRepoFile("scripts/images.txt")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [image = "", dockerfile = ""] = line.split(/\s+/);
      const colon = image.lastIndexOf(":");
      return { image, name: image.slice(0, colon), tag: image.slice(colon + 1), dockerfile };
    });
}

/** Script file names in scripts/ with the given extension, sorted. */
export function scriptFiles(extension: ".sh" | ".ps1"): string[] {
  return readdirSync(scriptsDir)
    .filter((name) => name.endsWith(extension))
    .sort();
}

/** The environment variable names the services read, from the tutorial contract and its secret. */
export const contractEnvNames = new Set([
  "PORT",
  "TITLE",
  "VOTE1VALUE",
  "VOTE2VALUE",
  "SHOWDETAILS",
  "FEATUREFLAG",
  "REDIS_HOST",
  "REDIS_PORT",
  "MYSQL_HOST",
  "MYSQL_PORT",
  "MYSQL_USER",
  "MYSQL_PASSWORD",
  "MYSQL_DATABASE",
  "MYSQL_ROOT_PASSWORD",
  "ANALYTICS_HOST",
  "ANALYTICS_PORT",
  "SERVICE_VERSION",
]);

/** The names of the environment variables the Kubernetes manifests (k8s/*.yaml) give containers. */
export function manifestEnvNames(): Set<string> {
  const dir = path.join(repoRoot, "k8s");
  const names = new Set<string>();
  if (!existsSync(dir)) return names;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "env" && Array.isArray(child)) {
          for (const entry of child as { name?: unknown }[]) {
            if (typeof entry?.name === "string") names.add(entry.name);
          }
        }
        visit(child);
      }
    }
  };
  for (const file of readdirSync(dir).filter((name) => /\.ya?ml$/.test(name))) {
    for (const document of parseAllDocuments(readFileSync(path.join(dir, file), "utf8"))) {
      visit(document.toJS());
    }
  }
  return names;
}
