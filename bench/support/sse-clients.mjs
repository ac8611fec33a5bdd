// Bench helper (a separate process, so the server's event loop is not the clients'): opens N
// event streams on a URL (node:http, at most 256 waiting for their response at once, as a page
// load spreads), records when each build.log line arrives, and on SIGTERM (or after
// `expectedLines` lines per client) prints {arrivals: {lineId: [ms...]}, opened, failed, openMs}
// as JSON; openMs is the time from the first request to the last stream open.
// Usage: node bench/support/sse-clients.mjs <url | @file of urls> <count per url> <cookie> [expectedLines]
import http from "node:http";
import { readFileSync } from "node:fs";

const [target, countText, cookie, expectedText] = process.argv.slice(2);
const urls = target.startsWith("@") ? readFileSync(target.slice(1), "utf8").split("\n").filter(Boolean) : [target];
const count = Number(countText) * urls.length;
const expected = Number(expectedText ?? 0);
const OPENING_AT_ONCE = 256;
const arrivals = {};
const requests = [];
const startedAt = performance.now();
let openMs = null;
let opened = 0;
let failed = 0;
let finished = 0;

function client(url) {
  return new Promise((resolveOpened) => {
    let lines = 0;
    let buffer = "";
    let isDone = false;
    const finish = (error) => {
      if (isDone) return;
      isDone = true;
      if (error) {
        failed += 1;
        if (failed === 1) console.error(`client failed: ${error.message}`);
      }
      resolveOpened();
      request.destroy();
      finished += 1;
      if (finished === count) report();
    };
    const request = http.get(url, { headers: { cookie }, agent: false }, (response) => {
      if (response.statusCode !== 200) return finish(new Error(`HTTP ${response.statusCode}`));
      opened += 1;
      if (opened === count) openMs = performance.now() - startedAt;
      resolveOpened();
      response.setEncoding("utf8");
      response.on("data", (text) => {
        const now = Date.now();
        buffer += text;
        let index;
        while ((index = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          if (!block.includes("event: build.log")) continue;
          const data = JSON.parse(block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n"));
          for (const line of data.lines) (arrivals[line.id] ??= []).push(now);
          lines += data.lines.length;
        }
        if (expected && lines >= expected) finish();
      });
      response.on("end", () => finish(isStopping ? undefined : new Error("the server ended the stream")));
      response.on("error", (error) => finish(isStopping ? undefined : error));
    });
    request.on("error", (error) => finish(isStopping ? undefined : error));
    requests.push(request);
  });
}

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  process.stdout.write(JSON.stringify({ arrivals, opened, failed, openMs }), () => process.exit(0));
}

let isStopping = false;
process.on("SIGTERM", () => {
  isStopping = true;
  for (const request of requests) request.destroy();
  setTimeout(report, 200);
});
// Tell the parent how many are open, every 250 ms, on stderr.
const ticker = setInterval(() => process.stderr.write(`opened ${opened}\n`), 250);
ticker.unref();
const queue = urls.flatMap((url) => Array.from({ length: count / urls.length }, () => url));
let next = 0;
const opener = async () => {
  while (next < queue.length) await client(queue[next++]);
};
await Promise.all(Array.from({ length: Math.min(OPENING_AT_ONCE, queue.length) }, opener));
