import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readRepoFile, scriptFiles, scriptsDir } from "./support/repo.js";
import { isInstalled, run } from "./support/run.js";

// The scripts this package owns, each with a --help. Any other bash script in scripts/ still gets
// the syntax and shellcheck checks.
const ownScripts = [
  "build-images.sh",
  "check-mtls.sh",
  "ingress-ip.sh",
  "label-namespace.sh",
  "results-loop.sh",
  "tally.sh",
  "use-registry.sh",
];
const allScripts = scriptFiles(".sh");

async function shellcheck(file: string) {
  // Missing shellcheck must fail the run, not skip it: CI installs it (apt-get install shellcheck).
  expect(
    await isInstalled("shellcheck"),
    "shellcheck is not installed: apt-get install -y shellcheck",
  ).toBe(true);
  return run("shellcheck", ["--shell=bash", "--severity=style", "--external-sources", file], {
    cwd: scriptsDir,
  });
}

describe("bash scripts", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "shellcheck-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("when scripts/ is listed, then every script this package owns is there", () => {
    expect(allScripts).toEqual(expect.arrayContaining(ownScripts));
  });

  it("when a script has a quoting mistake, then shellcheck fails it (the check can fail)", async () => {
    const bad = path.join(scratch, "bad.sh");
    writeFileSync(bad, "#!/usr/bin/env bash\nset -euo pipefail\nrm -rf $1/tmp\n");
    const result = await shellcheck(bad);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toContain("SC2086");
  });

  describe.each(allScripts)("%s", (script) => {
    const file = path.join(scriptsDir, script);

    it("when bash parses it (bash -n), then it has no syntax error", async () => {
      const result = await run("bash", ["-n", file]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    });

    it("when shellcheck reads it, then it reports nothing", async () => {
      const result = await shellcheck(file);
      expect(result.stdout).toBe("");
      expect(result.code).toBe(0);
    });

    it("when it runs, then it runs under bash with errexit, nounset and pipefail", () => {
      const text = readRepoFile(`scripts/${script}`);
      expect(text.split("\n")[0]).toMatch(/^#!(\/usr\/bin\/env bash|\/bin\/bash)$/);
      expect(text).toMatch(/^set -euo pipefail$/m);
      expect(() => accessSync(file, constants.X_OK), `${script} is not executable`).not.toThrow();
    });
  });

  describe.each(ownScripts)("%s", (script) => {
    it("when asked for --help, then it prints its usage and exits 0", async () => {
      const result = await run(path.join(scriptsDir, script), ["--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: scripts/${script}`);
    });

    it("when given an unknown option, then it exits 2 with a message", async () => {
      const result = await run(path.join(scriptsDir, script), ["--no-such-option"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/unknown (option|argument): --no-such-option/);
    });
  });
});
