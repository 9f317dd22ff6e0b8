/** One Dockerfile instruction, its continuation lines joined. */
export interface Instruction {
  keyword: string;
  /** The text after the keyword, flags included. */
  args: string;
  line: number;
}

export interface Stage {
  /** The base: an image reference as written (variables unresolved) or an earlier stage. */
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Map<string, string>;
  stages: Stage[];
}

/** Splits a Dockerfile into instructions: comments dropped, `\` continuations joined. */
export function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split("\n").forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#") || (trimmed === "" && pending === undefined)) return;
    const continued = trimmed.endsWith("\\");
    const piece = continued ? trimmed.slice(0, -1) : trimmed;
    pending = pending
      ? { ...pending, text: `${pending.text} ${piece}` }
      : { text: piece, line: index + 1 };
    if (!continued) {
      const match = /^(\S+)\s*(.*)$/s.exec(pending.text.trim());
      if (match) {
        result.push({
          keyword: match[1]!.toUpperCase(),
          args: match[2]!.replace(/\s+/g, " ").trim(),
          line: pending.line,
        });
      }
      pending = undefined;
    }
  });
  return result;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const instruction of instructions(text)) {
    if (instruction.keyword === "FROM") {
      const [from = "", as, name] = instruction.args.replace(/^(--\S+\s+)+/, "").split(" ");
      stages.push({ from, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword === "ARG") {
        const [key = "", value = ""] = instruction.args.split("=", 2);
        globalArgs.set(key, value);
      }
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

/** Replaces ${NAME} and $NAME with the given values. */
export function resolveVariables(text: string, values: Map<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => {
    const value = values.get(braced ?? bare ?? "");
    return value ?? whole;
  });
}

/** The stage the image is made of: the last one. */
export function finalStage(dockerfile: ParsedDockerfile): Stage {
  const stage = dockerfile.stages.at(-1);
  if (!stage) throw new Error("the Dockerfile has no FROM");
  return stage;
}

/** The instructions of a stage and of the stages it is built on, base first. */
export function stageWithAncestors(dockerfile: ParsedDockerfile, stage: Stage): Instruction[] {
  const base = dockerfile.stages.find((candidate) => candidate.name === stage.from);
  return [...(base ? stageWithAncestors(dockerfile, base) : []), ...stage.instructions];
}

export interface Copy {
  from: string | undefined;
  sources: string[];
  destination: string;
}

export function parseCopy(instruction: Instruction): Copy {
  const words = instruction.args.split(" ");
  let from: string | undefined;
  const paths: string[] = [];
  for (const word of words) {
    if (word.startsWith("--from=")) from = word.slice("--from=".length);
    else if (!word.startsWith("--")) paths.push(word);
  }
  const destination = paths.pop() ?? "";
  return { from, sources: paths, destination };
}

/**
 * Whether .dockerignore keeps a path out of the build context. Follows the documented rules
 * for the patterns this repository uses: `*` within a path segment, `**` across segments, a
 * pattern matching a folder excludes what is inside it, `!` re-includes.
 */
export function isIgnored(dockerignore: string, relativePath: string): boolean {
  const patterns = dockerignore
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  const segments = relativePath.replace(/^\.\//, "").replace(/\/$/, "").split("/");
  const candidates = segments.map((_, index) => segments.slice(0, index + 1).join("/"));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const pattern = (negated ? raw.slice(1) : raw).replace(/^\//, "").replace(/\/$/, "");
    if (candidates.some((candidate) => globToRegExp(pattern).test(candidate))) ignored = !negated;
  }
  return ignored;
}

function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === "*" && pattern[index + 1] === "*") {
      source += pattern[index + 2] === "/" ? "(?:.*/)?" : ".*";
      index += pattern[index + 2] === "/" ? 2 : 1;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * The lines a RUN instruction writes to `file` with `printf '%s\n' 'line' 'line' ... >file`, or
 * undefined when no RUN of the list does.
 */
export function printedFile(list: Instruction[], file: string): string[] | undefined {
  for (const instruction of list) {
    if (instruction.keyword !== "RUN") continue;
    const match = /^printf '%s\\n' ((?:'[^']*' )+)>\s*(\S+)/.exec(instruction.args);
    if (match?.[2] === file)
      return [...match[1]!.matchAll(/'([^']*)'/g)].map((quoted) => quoted[1]!);
  }
  return undefined;
}

/** The options of one [group] of a MySQL option file: name (dashes for underscores) to value. */
export function optionGroup(lines: string[], group: string): Map<string, string | true> {
  const options = new Map<string, string | true>();
  let current = "";
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1]!.trim();
      continue;
    }
    if (current !== group) continue;
    const [name = "", ...rest] = line.split("=");
    options.set(name.trim().replace(/_/g, "-"), rest.length > 0 ? rest.join("=").trim() : true);
  }
  return options;
}
