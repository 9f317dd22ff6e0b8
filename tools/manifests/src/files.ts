import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { KubeObject } from "@voting/mesh";
import { parseAllDocuments } from "yaml";

/** The repository root (this file sits in tools/manifests/src or dist). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Every YAML document of a file, in order; empty documents are skipped. Throws on any YAML error. */
export function loadManifest(file: string, root = REPO_ROOT): KubeObject[] {
  const source = readFileSync(join(root, file), "utf8");
  const documents = parseAllDocuments(source, { prettyErrors: true, uniqueKeys: true });
  if (!Array.isArray(documents)) throw new Error(`${file}: not a YAML stream`);
  return documents.flatMap((document, index) => {
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem) throw new Error(`${file} document ${index + 1}: ${problem.message}`);
    const value: unknown = document.toJS();
    return value === null ? [] : [value as KubeObject];
  });
}

/** The folders of manifests: Kubernetes, Istio (with istio/ingress and the extras), Gateway API. */
export const MANIFEST_FOLDERS: readonly string[] = ["k8s", "istio", "gateway-api"];

/** Every YAML file under the given folders, as paths relative to the root, sorted. */
export function manifestFiles(
  folders: readonly string[] = MANIFEST_FOLDERS,
  root = REPO_ROOT,
): string[] {
  return folders
    .flatMap((folder) =>
      readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
        .map((entry) => relative(root, join(entry.parentPath, entry.name))),
    )
    .sort();
}

/** `scripts/images.txt`: the image names the manifests may use. */
export function loadImageList(root = REPO_ROOT): string[] {
  return readFileSync(join(root, "scripts/images.txt"), "utf8")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter((line) => line !== "")
    .map((line) => line.split(/\s+/)[0]!);
}
