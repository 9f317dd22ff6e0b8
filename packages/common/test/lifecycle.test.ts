import { Agent, request } from "node:http";
import { describe, expect, it } from "vitest";
import { Readiness, serve, silentLogger } from "../src/index.js";

function get(url: string, agent: Agent): Promise<{ status: number; connection: string }> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection ?? "" }),
      );
    })
      .on("error", reject)
      .end();
  });
}

describe("serve() shutdown", () => {
  it("when keep-alive clients keep their connections busy, then shutdown ends once their requests finish, not at the deadline", async () => {
    const running = await serve({
      app: (_req, res) => void setTimeout(() => res.end("ok"), 20),
      port: 0,
      host: "127.0.0.1",
      logger: silentLogger(),
      readiness: new Readiness(async () => {}),
      closeClients: async () => {},
      drainDelayMs: 100,
      shutdownTimeoutMs: 5000,
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const answers: { status: number; connection: string }[] = [];
    let stopped = false;
    // Each client sends request after request until the server turns it away (bounded anyway).
    const client = async () => {
      for (let i = 0; i < 1000 && !stopped; i++) {
        try {
          answers.push(await get(running.url, agent));
        } catch {
          return;
        }
      }
    };
    const clients = Promise.all([client(), client(), client(), client()]);
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = Date.now();
    await running.shutdown("test");
    const took = Date.now() - started;
    stopped = true;
    await clients;
    agent.destroy();

    expect(took).toBeLessThan(1500);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.some((answer) => answer.connection === "close")).toBe(true);
  });
});
