import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** When the joined arguments match `when` (a Perl-style regular expression), the fake answers so. */
export interface FakeRule {
  when: string;
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export type FakeSpec = Record<string, FakeRule[]>;

export interface FakeTools {
  /** PATH with the fakes first. */
  env: NodeJS.ProcessEnv;
  /** Every call made to a fake, as [tool, ...args]. */
  calls(): string[][];
  /** The working directory of every call, in the same order. */
  workingDirectories(): string[];
  cleanup(): void;
}

// Fields of a logged call are NUL-separated, calls are separated by the ASCII record separator.
const FIELD = "\0";
const RECORD = "\x1e";

/**
 * Puts stand-ins for command-line tools (kubectl, istioctl, docker, kind...) first on the PATH.
 * Each answers by the first rule whose pattern matches its arguments, records the call, and
 * fails loudly when no rule matches, so that an unexpected command cannot pass unnoticed. They
 * are small bash scripts, so that a script under test can call them dozens of times quickly.
 */
export function installFakeTools(spec: FakeSpec): FakeTools {
  const dir = mkdtempSync(path.join(tmpdir(), "fake-tools-"));
  const binDir = path.join(dir, "bin");
  mkdirSync(binDir);
  const logFile = path.join(dir, "calls.log");
  writeFileSync(logFile, "");

  for (const [tool, rules] of Object.entries(spec)) {
    const lines = [
      "#!/usr/bin/env bash",
      `{ printf '%s\\0' "$PWD" ${shellQuote(tool)} "$@"; printf '\\036'; } >>${shellQuote(logFile)}`,
      'line="$*"',
    ];
    rules.forEach((rule, index) => {
      const base = path.join(dir, `${tool}-${index}`);
      writeFileSync(`${base}.out`, rule.stdout ?? "");
      writeFileSync(`${base}.err`, rule.stderr ?? "");
      lines.push(
        `if printf '%s' "$line" | grep -qP -- ${shellQuote(rule.when)}; then`,
        `  cat ${shellQuote(`${base}.out`)}; cat ${shellQuote(`${base}.err`)} >&2; exit ${rule.exitCode ?? 0}`,
        "fi",
      );
    });
    lines.push(`echo "fake ${tool}: no rule for: $line" >&2`, "exit 99", "");
    const file = path.join(binDir, tool);
    writeFileSync(file, lines.join("\n"));
    chmodSync(file, 0o755);
  }

  const entries = () =>
    readFileSync(logFile, "utf8")
      .split(RECORD)
      .filter((record) => record !== "")
      .map((record) => record.split(FIELD).slice(0, -1));
  return {
    env: { ...process.env, PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ""}` },
    calls: () => entries().map((fields) => fields.slice(1)),
    workingDirectories: () => entries().map((fields) => fields[0] ?? ""),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
