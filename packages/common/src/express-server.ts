import type { RequestListener, ServerOptions } from "node:http";
import { IncomingMessage, ServerResponse } from "./node-http.js";

/** The part of an Express app this module reads: the prototypes it gives requests and responses. */
interface PrototypeOwner {
  request: object;
  response: object;
}

const made = new WeakMap<object, ServerOptions>();

/**
 * Server options under which `app`'s requests and responses are built with the prototypes Express
 * would give them, or none for a listener that is not an Express app.
 *
 * Express's app.handle() calls Object.setPrototypeOf(req, app.request) (and the same for res) on
 * every request. Changing the prototype of an object that already exists moves it off V8's fast
 * paths, and Node's own HTTP code then runs slower on it for the rest of the request: on our
 * 2-core machine a bare server went from ~30 to ~90 µs of CPU per request with that one call
 * added, and an Express "hello" route from ~40 to ~150. When the server builds them from classes
 * whose prototypes already are Express's, that call changes nothing and costs nothing
 * (docs/benchmarks.md has the profiles).
 */
export function serverOptionsFor(app: RequestListener): ServerOptions {
  if (!isExpressApp(app)) return {};
  const existing = made.get(app);
  if (existing) return existing;
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  copyChain(app.request, IncomingMessage.prototype, AppRequest.prototype);
  copyChain(app.response, ServerResponse.prototype, AppResponse.prototype);
  app.request = AppRequest.prototype;
  app.response = AppResponse.prototype;
  const options: ServerOptions = {
    IncomingMessage: AppRequest,
    ServerResponse: AppResponse as typeof ServerResponse,
  };
  made.set(app, options);
  return options;
}

function isExpressApp(app: RequestListener): app is RequestListener & PrototypeOwner {
  const { request, response } = app as Partial<PrototypeOwner>;
  return (
    typeof request === "object" &&
    request instanceof IncomingMessage &&
    typeof response === "object" &&
    response instanceof ServerResponse
  );
}

/** Copies the properties of `from` and of its prototypes below `base` onto `to`, nearest last. */
function copyChain(from: object, base: object, to: object): void {
  const layers: object[] = [];
  for (let layer = from; layer !== base && layer !== null; layer = Object.getPrototypeOf(layer)) {
    layers.unshift(layer);
  }
  for (const layer of layers) {
    Object.defineProperties(to, Object.getOwnPropertyDescriptors(layer));
  }
}
