import { describe, expect, it } from "vitest";
import { clientAddress, CONNECTION_ADDRESS_HEADER } from "./client-address";

const headers = (values: Record<string, string>) => new Headers(values);

describe("clientAddress", () => {
  it("uses the connection's address and ignores X-Forwarded-For unless the proxy is trusted", () => {
    const request = headers({ [CONNECTION_ADDRESS_HEADER]: "::ffff:10.0.0.5", "x-forwarded-for": "198.51.100.1" });
    expect(clientAddress({ headers: request, trustProxy: false })).toBe("10.0.0.5");
  });

  it("behind a trusted proxy takes the entry the proxy appended, not what the client sent", () => {
    const request = headers({ [CONNECTION_ADDRESS_HEADER]: "10.0.0.5", "x-forwarded-for": "1.2.3.4, 198.51.100.1" });
    expect(clientAddress({ headers: request, trustProxy: true })).toBe("198.51.100.1");
    expect(clientAddress({ headers: headers({ [CONNECTION_ADDRESS_HEADER]: "10.0.0.5" }), trustProxy: true })).toBe("10.0.0.5");
  });

  it("is null when nothing says where the request came from", () => {
    expect(clientAddress({ headers: headers({}), trustProxy: false })).toBeNull();
    expect(clientAddress({ headers: headers({ [CONNECTION_ADDRESS_HEADER]: "::1" }), trustProxy: false })).toBe("::1");
  });
});
