import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ENTRY = fileURLToPath(new URL("../src/start-stack.ts", import.meta.url));

/** Runs the launcher from its sources, as `npm start -- <args>` runs it from dist. */
async function launcher(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--conditions=source", "--import", "tsx", ENTRY, ...args],
      { timeout: 15_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe("the launcher's command line", () => {
  it("when the stack is unknown, then it exits 2 with the choices and the usage", async () => {
    const { code, stderr } = await launcher(["--stack", "9.9"]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      'Unknown stack "9.9". Choose one of: 1.0 (app 1.0, analytics 1.0, Redis)',
    );
    expect(stderr).toContain("Usage: npm start");
  });

  it("when --help is given, then it prints the usage and exits 0", async () => {
    const { code, stdout } = await launcher(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--stack, -s");
    expect(stdout).toContain("2.0  app 2.0, analytics 2.0, MySQL");
  });
});
