/**
 * The header every request carries with the address of the connection it came on, stamped by
 * the server itself (lib/server/stamp-connection-address.ts) over anything a client sent. Next
 * gives route handlers no socket, and its own X-Forwarded-For keeps a client-sent value.
 */
export const CONNECTION_ADDRESS_HEADER = "x-kiln-connection-address";

/**
 * The client's address: the connection's, or — only when a trusted reverse proxy is in front —
 * the last X-Forwarded-For entry, the one that proxy appended (earlier entries are whatever the
 * client sent). Null when neither is known.
 */
export function clientAddress({ headers, trustProxy }: { headers: Headers; trustProxy: boolean }): string | null {
  const forwarded = trustProxy ? headers.get("x-forwarded-for")?.split(",").at(-1)?.trim() : undefined;
  const address = forwarded || headers.get(CONNECTION_ADDRESS_HEADER);
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; one client, one key.
  return address ? address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "") : null;
}
