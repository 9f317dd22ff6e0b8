import express from "express";
import { pino } from "pino";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { errorHandler, HttpError, requestLog } from "../src/index.js";

type Line = Record<string, unknown> & { level: number; msg: string };

/** An app with the request log in front of a few routes, and the lines it wrote. */
function loggedApp() {
  const lines: Line[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  const app = express();
  app.use(requestLog(logger));
  app.get("/readyz", (_req, res) => void res.send("ready"));
  app.get("/ok", (req, res) => void res.json({ id: req.id }));
  app.get("/refused", () => {
    throw new HttpError(400, "Send a vote.");
  });
  app.get("/slow", () => {}); // never answers: the client gives up
  app.get("/broken", () => {
    throw new Error("the store fell over");
  });
  app.use(errorHandler((res, status, message) => void res.json({ status, message })));
  return { app, lines };
}

describe("requestLog", () => {
  it("when a request is answered, then one info line holds its id, method, url, status and time", async () => {
    const { app, lines } = loggedApp();
    const response = await request(app).get("/ok?x=1").expect(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: "request completed",
      req: { id: response.body.id, method: "GET", url: "/ok?x=1" },
      res: { statusCode: 200 },
    });
    expect(lines[0]!.responseTime).toEqual(expect.any(Number));
    expect(response.headers["x-request-id"]).toBe(response.body.id);
  });

  it("when the request brings a usable x-request-id, then that id is used, logged and echoed", async () => {
    const { app, lines } = loggedApp();
    const response = await request(app).get("/ok").set("x-request-id", "abc-123").expect(200);
    expect(response.body.id).toBe("abc-123");
    expect(response.headers["x-request-id"]).toBe("abc-123");
    expect(lines[0]).toMatchObject({ req: { id: "abc-123" } });
  });

  it("when the x-request-id does not look like an id, then a new one is made", async () => {
    const { app } = loggedApp();
    const response = await request(app).get("/ok").set("x-request-id", "<script>").expect(200);
    expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("when a probe is requested, then nothing is logged", async () => {
    const { app, lines } = loggedApp();
    await request(app).get("/readyz").expect(200);
    expect(lines).toHaveLength(0);
  });

  it("when a request is refused, then the line is a warning with the reason", async () => {
    const { app, lines } = loggedApp();
    await request(app).get("/refused").expect(400);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: "request completed",
      res: { statusCode: 400 },
      refusal: "Send a vote.",
    });
  });

  it("when the server fails, then the line is an error with the cause", async () => {
    const { app, lines } = loggedApp();
    await request(app).get("/broken").expect(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: "request errored",
      res: { statusCode: 500 },
      err: { message: "the store fell over" },
    });
  });

  it("when the client leaves before the answer, then the line is a warning saying it was aborted", async () => {
    const { app, lines } = loggedApp();
    await expect(request(app).get("/slow").timeout(100)).rejects.toThrow(/Timeout/);
    await expect.poll(() => lines.length).toBe(1);
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: "request aborted",
      req: { method: "GET", url: "/slow" },
    });
  });
});
