// Bench helper (a separate process, so the server's event loop is not the clients'): opens N
// event streams on a URL, records when each build.log line arrives, and on SIGTERM (or after
// `--until-lines` lines per client) prints {arrivals: {lineId: [ms...]}, opened, failed} as JSON.
// Usage: node bench/support/sse-clients.mjs <url | @file of urls> <count per url> <cookie> [expectedLines]
import { readFileSync } from "node:fs";

const [target, countText, cookie, expectedText] = process.argv.slice(2);
const urls = target.startsWith("@") ? readFileSync(target.slice(1), "utf8").split("\n").filter(Boolean) : [target];
const count = Number(countText) * urls.length;
const expected = Number(expectedText ?? 0);
const arrivals = {};
let opened = 0;
let failed = 0;
let finished = 0;
const controllers = [];

async function client(url) {
  const controller = new AbortController();
  controllers.push(controller);
  let lines = 0;
  try {
    const response = await fetch(url, { headers: { cookie }, signal: controller.signal });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    opened += 1;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const now = Date.now();
      buffer += value;
      let index;
      while ((index = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (!block.includes("event: build.log")) continue;
        const data = JSON.parse(block.split("\n").filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n"));
        for (const line of data.lines) (arrivals[line.id] ??= []).push(now);
        lines += data.lines.length;
      }
      if (expected && lines >= expected) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) {
      failed += 1;
      if (failed === 1) console.error(`client failed: ${error.message}`);
    }
  } finally {
    finished += 1;
    controller.abort();
    if (finished === count) report();
  }
}

let reported = false;
function report() {
  if (reported) return;
  reported = true;
  process.stdout.write(JSON.stringify({ arrivals, opened, failed }), () => process.exit(0));
}

process.on("SIGTERM", () => {
  for (const controller of controllers) controller.abort();
  setTimeout(report, 200);
});
// Tell the parent how many are open, once a second, on stderr.
const ticker = setInterval(() => process.stderr.write(`opened ${opened}\n`), 1000);
ticker.unref();
for (const url of urls) for (let i = 0; i < count / urls.length; i++) void client(url);
