import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface PageAnswer {
  status?: number;
  body: string;
}

export interface PageServer {
  /** host:port, as a user would pass an ingress address */
  address: string;
  /** The Cookie header of every request received, in order ("" when none). */
  cookies: string[];
  close(): Promise<void>;
}

/** Serves the voting page as the answer function builds it, on a random port of 127.0.0.1. */
export async function startPageServer(
  answer: (request: IncomingMessage, index: number) => PageAnswer,
): Promise<PageServer> {
  const cookies: string[] = [];
  const server = createServer((request, response) => {
    const index = cookies.length;
    cookies.push(request.headers.cookie ?? "");
    const { status = 200, body } = answer(request, index);
    response.writeHead(status, { "content-type": "text/html; charset=utf-8" });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    cookies,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export interface VotingPage {
  app?: string;
  analytics?: string;
  /** The text between the results tags. */
  results: string;
}

/** A page shaped like the app's: the results line on its own line, the versions in the footer. */
export function votingPage({ app, analytics, results }: VotingPage): string {
  const markers = [
    app === undefined ? "" : ` data-app-version="${app}"`,
    analytics === undefined ? "" : ` data-analytics-version="${analytics}"`,
  ].join("");
  return [
    "<!doctype html>",
    "<html><head><title>AKS Voting App</title></head><body>",
    '  <form method="post" action="/"><button name="vote" value="Cats">Cats</button></form>',
    `  <div id="results"> ${results} </div>`,
    `  <footer${markers}>voting-app-1-0-7d4b9 | redis</footer>`,
    "</body></html>",
    "",
  ].join("\n");
}

export const counts10 = "Cats: 2 | Dogs: 4";
export const counts11 = "Cats: 2/6 (33%) | Dogs: 4/6 (67%)";
