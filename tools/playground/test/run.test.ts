import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Command } from "../src/kubectl/command.js";
import { runKubectl } from "../src/kubectl/run.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "playground-cli-"));
  await mkdir(join(dir, "k8s", "more"), { recursive: true });
  await writeFile(
    join(dir, "k8s", "b.yaml"),
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: c\n",
  );
  await writeFile(
    join(dir, "k8s", "a.yml"),
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n",
  );
  await writeFile(
    join(dir, "k8s", "more", "d.yaml"),
    "apiVersion: v1\nkind: Service\nmetadata:\n  name: d\n",
  );
  await writeFile(join(dir, "k8s", "notes.txt"), "not a manifest");
  await writeFile(join(dir, "broken.yaml"), "kind: [unclosed\n");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the command line with a fake playground that records what it was sent. */
async function cli(...argv: string[]) {
  const sent: Command[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code = await runKubectl(argv, {
    cwd: dir,
    env: {},
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    send: async (command) => {
      sent.push(command);
      return { stdout: ["done"], stderr: [], exitCode: 0 };
    },
  });
  return { code, sent, out, err };
}
const objectNames = (command: Command | undefined) =>
  command && "sources" in command
    ? command.sources.map((source) => [
        source.file,
        source.objects.map((o) => (o as { metadata: { name: string } }).metadata.name),
      ])
    : [];

describe("the command line", () => {
  it("when -f names a folder, then its manifests are read in name order, with -R its subfolders too", async () => {
    expect(objectNames((await cli("apply", "-f", "k8s")).sent[0])).toEqual([
      ["k8s/a.yml", ["a"]],
      ["k8s/b.yaml", ["b", "c"]],
    ]);
    expect(objectNames((await cli("apply", "-R", "-f", "k8s")).sent[0])).toHaveLength(3);
  });

  it("when a file is missing or not YAML, then nothing is sent and the error names the file", async () => {
    const missing = await cli("apply", "-f", "nope.yaml");
    expect(missing).toMatchObject({ code: 1, sent: [] });
    expect(missing.err[0]).toBe('error: the path "nope.yaml" does not exist');
    const broken = await cli("apply", "-f", "broken.yaml");
    expect(broken.err[0]).toMatch(/^error: error parsing broken\.yaml: /);
  });

  it("when get asks for labels, then the command carries the flag and the answer is printed", async () => {
    const run = await cli("get", "pods", "--show-labels", "-l", "app=voting-app");
    expect(run.sent).toEqual([
      {
        verb: "get",
        namespace: "voting",
        resource: "pods",
        names: [],
        selector: "app=voting-app",
        showLabels: true,
      },
    ]);
    expect(run.out).toEqual(["done"]);
  });

  it("when no playground answers, then it says how to start one", async () => {
    const err: string[] = [];
    const code = await runKubectl(["get", "pods", "--control-port", "1"], {
      cwd: dir,
      env: {},
      stdout: () => {},
      stderr: (line) => err.push(line),
    });
    expect(code).toBe(1);
    expect(err[0]).toContain("no playground answers on 127.0.0.1:1");
    expect(err[0]).toContain("npm start");
  });
});
