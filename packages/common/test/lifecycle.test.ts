import { Agent, request } from "node:http";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { Readiness, serve } from "../src/index.js";

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
    const messages: string[] = [];
    const logger = pino({}, { write: (line: string) => messages.push(JSON.parse(line).msg) });
    const running = await serve({
      app: (_req, res) => void setImmediate(() => res.end("ok")),
      port: 0,
      host: "127.0.0.1",
      logger,
      readiness: new Readiness(async () => {}),
      closeClients: async () => {},
      drainDelayMs: 100,
      // Far longer than the test may take: reaching it would fail the test by its timeout.
      shutdownTimeoutMs: 60_000,
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
    await expect.poll(() => answers.length).toBeGreaterThanOrEqual(8);

    await running.shutdown("test");
    stopped = true;
    await clients;
    agent.destroy();

    expect(messages).toEqual(["shutting down", "stopped"]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(answers.some((answer) => answer.connection === "close")).toBe(true);
  });
});
