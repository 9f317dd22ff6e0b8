import { parseArgs } from "node:util";
import type { LabelChange } from "../namespace-state.js";
import type { Command } from "./command.js";

/** A mistake in how the command line was used; printed as kubectl prints its own. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const NAMESPACE = "voting";
export const DEFAULT_CONTROL_PORT = 8079;

export type Invocation =
  | { readonly verb: "help" }
  | {
      readonly verb: "apply";
      readonly namespace: string;
      readonly files: readonly string[];
      readonly recursive: boolean;
      readonly controlPort: number;
    }
  | {
      readonly verb: "delete";
      readonly namespace: string;
      readonly files: readonly string[];
      readonly recursive: boolean;
      readonly resource: string | undefined;
      readonly names: readonly string[];
      readonly selector: string | undefined;
      readonly ignoreNotFound: boolean;
      readonly controlPort: number;
    }
  | {
      readonly verb: "get";
      readonly namespace: string;
      readonly resource: string;
      readonly names: readonly string[];
      readonly selector: string | undefined;
      readonly showLabels: boolean;
      readonly controlPort: number;
    }
  // These two go to the playground as they are parsed.
  | (Extract<Command, { verb: "logs" | "label" }> & { readonly controlPort: number });

export const USAGE = `The playground's kubectl: the tutorial's commands against the local playground (npm start).

  npm run apply  -- -f FILE [-f FILE...] [-R] [--namespace voting]
  npm run delete -- -f FILE [-f FILE...] [--ignore-not-found]
  npm run delete -- TYPE NAME [NAME...]     e.g. deployment voting-app-1-0
  npm run delete -- TYPE -l SELECTOR        e.g. deployment -l 'version in (1.0,1.1)'
  npm run delete -- namespace voting        the tutorial's clean-up: removes everything applied
  npm run get    -- TYPE [NAME...] [-l SELECTOR] [--show-labels]
                                            e.g. pods, deployments, services, vs, dr, gw, pa
  npm run logs   -- POD [--tail N]
  npm run label  -- namespace voting KEY=VALUE [KEY-] [--overwrite]
                                            e.g. istio-injection=enabled, istio.io/rev=asm-1-28

  -n, --namespace   only voting is served (the default here)
  --control-port    where the playground listens for these commands
                    (env PLAYGROUND_CONTROL_PORT; default ${DEFAULT_CONTROL_PORT})`;

const COMMON = {
  namespace: { type: "string", short: "n" },
  "control-port": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;
const FILES = {
  filename: { type: "string", short: "f", multiple: true },
  recursive: { type: "boolean", short: "R" },
} as const;
const SELECTOR = { selector: { type: "string", short: "l" } } as const;

const FLAGS = {
  apply: { ...COMMON, ...FILES },
  delete: { ...COMMON, ...FILES, ...SELECTOR, "ignore-not-found": { type: "boolean" } },
  get: { ...COMMON, ...SELECTOR, "show-labels": { type: "boolean" } },
  logs: { ...COMMON, tail: { type: "string" } },
  label: { ...COMMON, overwrite: { type: "boolean" } },
} as const;

type Verb = keyof typeof FLAGS;

/** Reads kubectl-style arguments; throws UsageError naming the flag or argument that is wrong. */
export function parseKubectlArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Invocation {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "help" || verb === "--help" || verb === "-h")
    return { verb: "help" };
  if (!Object.hasOwn(FLAGS, verb)) {
    throw new UsageError(
      `unknown command "${verb}" for "kubectl": the playground serves ${Object.keys(FLAGS).join(", ")}`,
    );
  }
  const parsed = parse(verb as Verb, rest);
  if (parsed.values.help) return { verb: "help" };
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  const namespace = (values.namespace as string | undefined) ?? NAMESPACE;
  if (namespace !== NAMESPACE) {
    throw new UsageError(`the playground serves only namespace "${NAMESPACE}", not "${namespace}"`);
  }
  const controlPort = port(
    "--control-port",
    (values["control-port"] as string | undefined) ?? env.PLAYGROUND_CONTROL_PORT,
  );
  const files = (values.filename as string[] | undefined) ?? [];
  const recursive = values.recursive === true;
  const selector = values.selector as string | undefined;
  if (verb === "label") return labelInvocation(parsed.positionals, values, namespace, controlPort);
  const { resource, names } =
    verb === "logs" ? { resource: undefined, names: [] } : resourceAndNames(parsed.positionals);

  switch (verb as Exclude<Verb, "label">) {
    case "apply":
      if (files.length === 0)
        throw new UsageError("must specify -f FILE (the playground's apply takes files only)");
      if (parsed.positionals.length > 0)
        throw new UsageError(`unexpected arguments: ${parsed.positionals.join(" ")}`);
      return { verb: "apply", namespace, files, recursive, controlPort };
    case "delete": {
      const ignoreNotFound = values["ignore-not-found"] === true;
      if (files.length > 0) {
        if (resource !== undefined || selector !== undefined) {
          throw new UsageError("give either -f FILE or TYPE with names or -l, not both");
        }
      } else if (resource === undefined) {
        throw new UsageError("you must provide one or more resources by argument or filename");
      } else if (names.length === 0 && selector === undefined) {
        throw new UsageError(
          `resource(s) were provided, but no name was specified: give ${resource} NAME or -l SELECTOR`,
        );
      } else if (names.length > 0 && selector !== undefined) {
        throw new UsageError("name cannot be provided when a selector is specified");
      }
      return {
        verb: "delete",
        namespace,
        files,
        recursive,
        resource,
        names,
        selector,
        ignoreNotFound,
        controlPort,
      };
    }
    case "get":
      if (resource === undefined)
        throw new UsageError("you must specify the type of resource to get, e.g. pods");
      return {
        verb: "get",
        namespace,
        resource,
        names,
        selector,
        showLabels: values["show-labels"] === true,
        controlPort,
      };
    case "logs": {
      if (parsed.positionals.length !== 1) throw new UsageError("give exactly one pod: logs POD");
      const pod = parsed.positionals[0]!.replace(/^pods?\//, "");
      const tailText = values.tail as string | undefined;
      const tail = tailText === undefined ? undefined : Number(tailText);
      if (tail !== undefined && (!Number.isInteger(tail) || tail < 0))
        throw new UsageError(`--tail must be a whole number, got "${tailText}"`);
      return { verb: "logs", namespace, pod, tail, controlPort };
    }
  }
}

// A label's key: an optional DNS prefix and a name; its value: at most 63 characters, which
// begin and end with a letter or digit.
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

function labelKeyIsValid(key: string): boolean {
  const slash = key.indexOf("/");
  if (slash < 0) return LABEL_NAME.test(key);
  return LABEL_PREFIX.test(key.slice(0, slash)) && LABEL_NAME.test(key.slice(slash + 1));
}

/** `label TYPE NAME KEY=VALUE... KEY-...` or `label TYPE/NAME ...`. */
function labelInvocation(
  positionals: readonly string[],
  values: Record<string, string | string[] | boolean | undefined>,
  namespace: string,
  controlPort: number,
): Invocation {
  const isChange = (entry: string) => entry.includes("=") || entry.endsWith("-");
  const targets = positionals.filter((entry) => !isChange(entry));
  const texts = positionals.filter(isChange);
  const [first, second] = targets;
  const [resource, name] = first?.includes("/") ? first.split("/", 2) : [first, second];
  if (!resource || !name || targets.length !== (first?.includes("/") ? 1 : 2))
    throw new UsageError("give one object and its labels: label namespace voting KEY=VALUE");
  if (texts.length === 0) throw new UsageError("at least one label update is required");
  const changes = texts.map((text): LabelChange => {
    const remove = !text.includes("=");
    const key = remove ? text.slice(0, -1) : text.slice(0, text.indexOf("="));
    const value = remove ? null : text.slice(text.indexOf("=") + 1);
    if (!labelKeyIsValid(key) || (value !== null && !LABEL_VALUE.test(value)))
      throw new UsageError(`invalid label spec: ${text}`);
    return { key, value };
  });
  const keys = changes.map((change) => change.key);
  const twice = keys.find((key, index) => keys.indexOf(key) !== index);
  if (twice !== undefined) throw new UsageError(`can not both modify and remove a label: ${twice}`);
  return {
    verb: "label",
    namespace,
    resource,
    name,
    changes,
    overwrite: values.overwrite === true,
    controlPort,
  };
}

function parse(verb: Verb, args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      options: FLAGS[verb],
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const text = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(text)?.[1];
    if (unknown) {
      const known = Object.entries(FLAGS[verb])
        .map(([name, option]) => ("short" in option ? `-${option.short}/--${name}` : `--${name}`))
        .join(", ");
      throw new UsageError(`unknown flag: ${unknown} (the playground's ${verb} takes ${known})`);
    }
    throw new UsageError(text);
  }
}

/** `deployment a b` or `deployment/a deployment/b`: the type and the names. */
function resourceAndNames(positionals: readonly string[]): {
  resource: string | undefined;
  names: string[];
} {
  if (positionals.length === 0) return { resource: undefined, names: [] };
  if (positionals.some((entry) => entry.includes("/"))) {
    const pairs = positionals.map((entry) => entry.split("/"));
    const types = new Set(pairs.map(([type]) => type));
    if (pairs.some((pair) => pair.length !== 2 || !pair[1]) || types.size !== 1) {
      throw new UsageError(
        `give TYPE NAME... or TYPE/NAME... of one type, not "${positionals.join(" ")}"`,
      );
    }
    return { resource: pairs[0]![0], names: pairs.map((pair) => pair[1]!) };
  }
  const [resource, ...names] = positionals;
  return { resource, names };
}

function port(name: string, raw: string | undefined): number {
  if (raw === undefined || raw === "") return DEFAULT_CONTROL_PORT;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new UsageError(
      `${name} / PLAYGROUND_CONTROL_PORT must be a port number (1-65535), got "${raw}"`,
    );
  }
  return value;
}
