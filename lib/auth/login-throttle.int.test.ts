import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST as login } from "@/app/api/v1/auth/login/route";
import { POST as createFirstUser } from "@/app/api/v1/users/first/route";
import { POST as createUser } from "@/app/api/v1/users/route";
import { CONNECTION_ADDRESS_HEADER } from "@/lib/api/client-address";
import { loginThrottleKeys } from "@/lib/auth/login-throttle";
import { recordLoginFailure } from "@/lib/auth/record-login-failure";
import { callRoute } from "@/lib/testing/call-route";
import { useTestDatabase } from "@/lib/testing/test-database";

// The login throttle through POST /api/v1/auth/login, on the real database. The clock is moved
// with fake Dates (timers stay real), since the route takes its `now` from the system clock.

useTestDatabase();

const PASSWORD = "the right password";
let start = new Date();

function setClock(msFromStart: number) {
  vi.setSystemTime(new Date(start.getTime() + msFromStart));
}

function attempt(email: string, password: string, address = "203.0.113.10") {
  return callRoute(login, { body: { email, password }, headers: { [CONNECTION_ADDRESS_HEADER]: address } });
}

async function failTimes(times: number, email: string, address?: string) {
  for (let i = 0; i < times; i++) expect((await attempt(email, "wrong password", address)).status).toBe(401);
}

let accounts = 0;
/** A fresh account (the admin makes it), so tests do not share counters. */
async function newAccount(): Promise<string> {
  const email = `user${++accounts}@example.com`;
  const admin = { email: "admin@example.com", username: "admin", password: PASSWORD };
  if (accounts === 1) expect((await callRoute(createFirstUser, { body: admin })).status).toBe(201);
  const session = (await attempt(admin.email, PASSWORD, "192.0.2.1")).session;
  const created = await callRoute(createUser, { session, body: { email, username: `user${accounts}`, password: PASSWORD } });
  expect(created.status).toBe(201);
  return email;
}

beforeEach(() => {
  start = new Date();
});

afterEach(() => {
  vi.useRealTimers();
});

describe("login throttle", () => {
  it("answers the 11th wrong password with 429 and Retry-After, even for the right password, and allows again after the window", async () => {
    const email = await newAccount();
    vi.useFakeTimers({ toFake: ["Date"] });
    setClock(0);
    await failTimes(10, email);

    const refused = await attempt(email, "wrong password");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(refused.body).toEqual({ message: "Too many failed sign-ins. Try again in 30 seconds." });
    expect((await attempt(email, PASSWORD)).status).toBe(429);

    setClock(15 * 60_000);
    const allowed = await attempt(email, PASSWORD);
    expect(allowed.status).toBe(200);
    expect(allowed.session).toBeTruthy();
  });

  it("lets the owner in from another address after the short backoff, and a success clears the account's count", async () => {
    const email = await newAccount();
    vi.useFakeTimers({ toFake: ["Date"] });
    setClock(0);
    await failTimes(10, email, "198.51.100.7");
    expect((await attempt(email, PASSWORD, "192.0.2.50")).status).toBe(429);

    setClock(30_000);
    expect((await attempt(email, PASSWORD, "192.0.2.50")).status).toBe(200);
    // The count starts again: ten more wrong passwords are 401s before the next 429.
    await failTimes(10, email, "198.51.100.7");
    expect((await attempt(email, "wrong password", "198.51.100.7")).status).toBe(429);
  });

  it("does not block another account for an account's wrong passwords", async () => {
    const [target, other] = [await newAccount(), await newAccount()];
    await failTimes(10, target);
    expect((await attempt(target, PASSWORD)).status).toBe(429);
    expect((await attempt(other, PASSWORD)).status).toBe(200);
    expect((await attempt(other, "wrong password")).status).toBe(401);
  });

  it("throttles an unknown email exactly as a known one, so a 429 reveals no account", async () => {
    const known = await newAccount();
    vi.useFakeTimers({ toFake: ["Date"] });
    setClock(0);
    await failTimes(10, known);
    await failTimes(10, "nobody@example.com");
    const [knownRefused, unknownRefused] = [await attempt(known, "x-wrong-1"), await attempt("nobody@example.com", "x-wrong-1")];
    expect(unknownRefused.status).toBe(429);
    expect(unknownRefused.body).toEqual(knownRefused.body);
    expect(unknownRefused.headers.get("retry-after")).toBe(knownRefused.headers.get("retry-after"));
  });

  it("throttles one address after 100 failures over any emails, and only that address", async () => {
    const email = await newAccount();
    const address = "203.0.113.99";
    // 90 failures counted by the store directly (a password check each would take minutes here),
    // then the last ten through the route, each for another email.
    const [, addressKey] = loginThrottleKeys({ email: "unused@example.com", clientAddress: address }).all;
    for (let i = 0; i < 90; i++) await recordLoginFailure({ keys: [addressKey!], now: new Date() });
    for (let i = 0; i < 10; i++) expect((await attempt(`guess${i}@example.com`, "wrong password", address)).status).toBe(401);
    const refused = await attempt(email, PASSWORD, address);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await attempt(email, PASSWORD, "203.0.113.100")).status).toBe(200);
  });
});
