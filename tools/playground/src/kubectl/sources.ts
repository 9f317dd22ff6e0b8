import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { loadManifest } from "@voting/manifests";
import { UsageError } from "./args.js";
import type { Source } from "./command.js";

const MANIFEST = /\.(ya?ml|json)$/;

/**
 * The objects of each `-f` argument, read where the learner typed the command: a file, or the
 * manifests of a folder (and its subfolders with `-R`), in name order as kubectl reads them.
 */
export function readSources(
  paths: readonly string[],
  options: { cwd: string; recursive: boolean },
): Source[] {
  return paths.flatMap((path) => {
    if (path === "-" || /^[a-z]+:\/\//i.test(path)) {
      throw new UsageError(`-f ${path}: the playground reads local files and folders only`);
    }
    const absolute = resolve(options.cwd, path);
    let isFolder: boolean;
    try {
      isFolder = statSync(absolute).isDirectory();
    } catch {
      throw new UsageError(`the path "${path}" does not exist`);
    }
    const files = isFolder ? manifestsIn(absolute, options.recursive) : [absolute];
    return files.map((file) => {
      const shown = isFolder ? join(path, relative(absolute, file)) : path;
      try {
        return { file: shown, objects: loadManifest(relative(options.cwd, file), options.cwd) };
      } catch (error) {
        throw new UsageError(`error parsing ${shown}: ${(error as Error).message}`);
      }
    });
  });
}

function manifestsIn(folder: string, recursive: boolean): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive })
    .filter((entry) => entry.isFile() && MANIFEST.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
