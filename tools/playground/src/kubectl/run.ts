import { NAMESPACE, parseKubectlArgs, USAGE, UsageError } from "./args.js";
import { sendCommand, type SendCommand } from "./client.js";
import type { Command } from "./command.js";
import { readSources } from "./sources.js";

export interface KubectlIo {
  /** Where relative paths start: the directory the learner typed the command in. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  send?: SendCommand;
}

/** Runs one kubectl command line against the playground; resolves with the exit code. */
export async function runKubectl(argv: readonly string[], io: KubectlIo): Promise<number> {
  let command: Command;
  let port: number;
  try {
    const invocation = parseKubectlArgs(argv, io.env);
    if (invocation.verb === "help") {
      io.stdout(USAGE);
      return 0;
    }
    port = invocation.controlPort;
    command = toCommand(invocation, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}`);
    io.stderr("See `npm run get -- --help` for what the playground's kubectl takes.");
    return 1;
  }
  try {
    const output = await (io.send ?? sendCommand)(command, port);
    output.stdout.forEach((line) => io.stdout(line));
    output.stderr.forEach((line) => io.stderr(line));
    return output.exitCode;
  } catch (error) {
    io.stderr(`error: ${(error as Error).message}`);
    return 1;
  }
}

function toCommand(
  invocation: Exclude<ReturnType<typeof parseKubectlArgs>, { verb: "help" }>,
  cwd: string,
): Command {
  const namespace = invocation.namespace ?? NAMESPACE;
  switch (invocation.verb) {
    case "apply":
      return {
        verb: "apply",
        namespace,
        sources: readSources(invocation.files, { cwd, recursive: invocation.recursive }),
      };
    case "delete": {
      const { ignoreNotFound } = invocation;
      if (invocation.files.length > 0) {
        const sources = readSources(invocation.files, { cwd, recursive: invocation.recursive });
        return { verb: "delete", namespace, ignoreNotFound, target: { sources } };
      }
      const resource = invocation.resource!;
      const target =
        invocation.selector !== undefined
          ? { resource, selector: invocation.selector }
          : { resource, names: invocation.names };
      return { verb: "delete", namespace, ignoreNotFound, target };
    }
    case "get":
      return {
        verb: "get",
        namespace,
        resource: invocation.resource,
        names: invocation.names,
        selector: invocation.selector,
        showLabels: invocation.showLabels,
      };
    case "logs":
      return { verb: "logs", namespace, pod: invocation.pod, tail: invocation.tail };
    case "label": {
      const { resource, name, changes, overwrite } = invocation;
      return { verb: "label", namespace, resource, name, changes, overwrite };
    }
  }
}
