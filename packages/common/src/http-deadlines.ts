/** How long the server waits on a client, and keeps an idle connection, in milliseconds: createServer options. */
export interface HttpDeadlines {
  /** From the first byte of a request (or the connection's opening) to the end of its headers. */
  headersTimeout: number;
  /** From the first byte of a request to the last byte of its body. */
  requestTimeout: number;
  /** How often Node looks for requests past those two: a stalled client is cut within the sum. */
  connectionsCheckingInterval: number;
  /** How long a connection may sit idle between requests. */
  keepAliveTimeout: number;
}

/**
 * Sized for a voting form: its headers come in one packet and its body is a few dozen bytes, so
 * a client that stalls in either has gone away or is holding a socket on purpose. It gets a 408,
 * or its connection closed, within 6 s (headers) or 9 s (body), instead of Node's 60 s and 300 s.
 *
 * An idle keep-alive connection is another matter: it costs a file descriptor and holds no request,
 * and closing it is best left to the proxy in front (the mesh's Envoy, a load balancer; 60 s is
 * the common idle timeout, Envoy's own is an hour). A server that closes first races the proxy
 * reusing the connection, and the request it sends then is reset. So idle connections stay 65 s.
 * Between requests Node does not count the headers deadline, so keep-alive is not cut at 5 s.
 */
export const HTTP_DEADLINES: Readonly<HttpDeadlines> = Object.freeze({
  headersTimeout: 5_000,
  requestTimeout: 8_000,
  connectionsCheckingInterval: 1_000,
  keepAliveTimeout: 65_000,
});

/** The longest a client that stops sending can hold a request open under `deadlines`. */
export function stalledClientBoundMs(deadlines: HttpDeadlines = HTTP_DEADLINES): number {
  return (
    Math.max(deadlines.headersTimeout, deadlines.requestTimeout) +
    deadlines.connectionsCheckingInterval
  );
}
