import type { Command, CommandOutput } from "./command.js";

/** Sends a command to the playground's control endpoint on this machine. */
export type SendCommand = (command: Command, port: number) => Promise<CommandOutput>;

export class NotRunning extends Error {
  override readonly name = "NotRunning";
}

export const sendCommand: SendCommand = async (command, port) => {
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${port}/v1/commands`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(command),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new NotRunning(
      `no playground answers on 127.0.0.1:${port} (${(error as Error).cause ?? (error as Error).message}). ` +
        "Start it with `npm start` in another terminal, or set PLAYGROUND_CONTROL_PORT to the port it uses.",
    );
  }
  const body = (await response.json().catch(() => undefined)) as
    CommandOutput | { error: string } | undefined;
  if (!response.ok || !body || "error" in body) {
    throw new Error(
      body && "error" in body ? body.error : `the playground answered ${response.status}`,
    );
  }
  return body;
};
