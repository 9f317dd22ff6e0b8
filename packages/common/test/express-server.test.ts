import express from "express";
import { describe, expect, it } from "vitest";
import { Readiness, serve, serverOptionsFor, silentLogger } from "../src/index.js";

function start(app: express.Express) {
  return serve({
    app,
    port: 0,
    host: "127.0.0.1",
    logger: silentLogger(),
    readiness: new Readiness(async () => {}),
    closeClients: async () => {},
  });
}

describe("serverOptionsFor", () => {
  it("when an Express app is served, then its requests and responses already have its prototypes", async () => {
    const app = express();
    app.get("/", (req, res) => {
      res.json({
        request: Object.getPrototypeOf(req) === req.app.request,
        response: Object.getPrototypeOf(res) === req.app.response,
        query: req.query,
        path: req.path,
      });
    });
    const running = await start(app);
    try {
      const response = await fetch(`${running.url}/?vote=Cats`);
      expect(await response.json()).toEqual({
        request: true,
        response: true,
        query: { vote: "Cats" },
        path: "/",
      });
    } finally {
      await running.shutdown("test");
    }
  });

  it("when the listener is not an Express app, then the server gets no classes", () => {
    expect(serverOptionsFor(() => {})).toEqual({});
  });

  it("when the same app is served twice, then both servers share the same classes", () => {
    const app = express();
    expect(serverOptionsFor(app)).toBe(serverOptionsFor(app));
  });
});
