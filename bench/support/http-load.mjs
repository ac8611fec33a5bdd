// Bench helper (a separate process, so the proxy's event loop is not the clients'): runs
// `connections` keep-alive clients against 127.0.0.1:<port><path> for `seconds`, then one
// download of <downloadPath>; prints {rps, p50, p99, ttfb, total, bytes} as JSON (with 0 seconds,
// the download's figures alone).
// Usage: node bench/support/http-load.mjs <port> <path> <seconds> <connections> <downloadPath> [headersJson]
import http from "node:http";

const [portText, path, secondsText, connectionsText, downloadPath, headersJson] = process.argv.slice(2);
const port = Number(portText);
const seconds = Number(secondsText);
const connections = Number(connectionsText);
const headers = JSON.parse(headersJson ?? "{}");

function request(agent, pathname) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    http
      .get({ host: "127.0.0.1", port, path: pathname, headers, agent }, (response) => {
        let ttfb = 0;
        let bytes = 0;
        response.on("data", (chunk) => {
          if (bytes === 0) ttfb = performance.now() - start;
          bytes += chunk.length;
        });
        response.on("end", () =>
          response.statusCode === 200 ? resolve({ ms: performance.now() - start, ttfb, bytes }) : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      })
      .on("error", reject);
  });
}

async function load(runSeconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const end = performance.now() + runSeconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) latencies.push((await request(agent, path)).ms);
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rps: latencies.length / runSeconds, p50: at(0.5), p99: at(0.99) };
}

// 0 seconds: the download alone (bench/app-proxy.ts measures throughput with autocannon).
const figures = seconds > 0 ? (await load(Math.min(2, seconds)), await load(seconds)) : {}; // the first: warm-up, discarded
const download = await request(new http.Agent({ keepAlive: false }), downloadPath);
console.log(JSON.stringify({ ...figures, ttfb: download.ttfb, total: download.ms, bytes: download.bytes }));
