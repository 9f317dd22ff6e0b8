import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createMeshView, createViewApp, startViewServer, type RunningView } from "../src/index.js";
import { INGRESS, request as record, workload } from "./builders.js";

describe("the view's server", () => {
  let running: RunningView | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it("when the page is asked for, then it comes with a strict Content-Security-Policy", async () => {
    const app = createViewApp(createMeshView());
    const page = await request(app).get("/").expect(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.headers["content-security-policy"]).toMatch(/^default-src 'self';/);
    expect(page.text).toContain('<script src="/view.js" defer></script>');
    expect(page.text).not.toMatch(/<script>|<style>| style=/);
  });

  it("when the page's scripts are asked for, then Cytoscape comes from node_modules", async () => {
    const app = createViewApp(createMeshView());
    const library = await request(app).get("/vendor/cytoscape/cytoscape.min.js").expect(200);
    expect(library.headers["content-type"]).toMatch(/javascript/);
    await request(app).get("/view.js").expect(200);
    await request(app).get("/view.css").expect(200);
    await request(app).get("/nothing-here").expect(404);
  });

  it("when the graph is asked for as JSON, then it holds the recorded edge", async () => {
    const view = createMeshView();
    view.recordRequest(record(INGRESS, workload("voting-app", "1.0"), { rule: "Gateway" }));
    const response = await request(createViewApp(view)).get("/api/graph").expect(200);
    expect(response.body.edges).toMatchObject([{ requests: 1, share: 1, rule: "Gateway" }]);
  });

  it("when the stream is opened, then the graph comes at once and again as traffic flows", async () => {
    const view = createMeshView();
    running = await startViewServer(view, { port: 0, pushIntervalMs: 50 });
    const response = await fetch(`${running.url}/api/graph/stream`);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = "";
    const nextGraph = async () => {
      while (!buffered.includes("\n\n")) buffered += (await reader.read()).value ?? "";
      const end = buffered.indexOf("\n\n");
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      return JSON.parse(event.replace(/^data: /, ""));
    };
    expect((await nextGraph()).edges).toEqual([]);
    view.recordRequest(record(INGRESS, workload("voting-app", "1.0")));
    await expect.poll(async () => (await nextGraph()).edges.length).toBe(1);
    await reader.cancel();
  });
});
