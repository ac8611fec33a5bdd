/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS run by node inside the workspace */
// A workspace app for the proxy's tests, run inside the workspace on port 8080 (ECHO_PORT): answers every
// request with what it received (JSON), /sse with three events (the first at once, each other when
// /sse/next is asked for, so that a test sees whether one arrives before the next is sent), /cookie with
// Set-Cookies Kiln must filter, /download/<bytes> with that many bytes, and echoes WebSocket
// text frames (a hand-written minimal server: the workspace has no packages).
const crypto = require("node:crypto");
const http = require("node:http");

/** Open /sse streams and how many events each has had. */
const streams = new Map();

function sendNextEvent(stream) {
  const sent = streams.get(stream);
  stream.write(`data: ${sent}\n\n`);
  if (sent + 1 < 3) return streams.set(stream, sent + 1);
  streams.delete(stream);
  stream.end();
}

const server = http.createServer((request, response) => {
  if (request.url === "/sse") {
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    streams.set(response, 0);
    response.on("close", () => streams.delete(response));
    return sendNextEvent(response);
  }
  if (request.url === "/sse/next") {
    for (const stream of [...streams.keys()]) sendNextEvent(stream);
    return response.end("next\n");
  }
  if (request.url === "/cookie") {
    response.setHeader("set-cookie", ["mine=1; Path=/", "wide=1; Domain=localhost; Path=/", "kiln_session=stolen; Path=/"]);
    return response.end("cookies\n");
  }
  if (request.url.startsWith("/download/")) {
    const size = Number(request.url.slice("/download/".length));
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": size });
    return response.end(Buffer.alloc(size, 120));
  }
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString() }));
  });
});

server.on("upgrade", (request, socket) => {
  const accept = crypto
    .createHash("sha1")
    .update(`${request.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
    .digest("base64");
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n\r\n`);
  socket.on("data", (frame) => {
    // One small masked text frame per chunk: enough for the test's messages.
    const length = frame[1] & 0x7f;
    const mask = frame.subarray(2, 6);
    const payload = Buffer.from(frame.subarray(6, 6 + length)).map((byte, i) => byte ^ mask[i % 4]);
    socket.write(Buffer.concat([Buffer.from([0x81, length]), payload]));
  });
});

const port = Number(process.env.ECHO_PORT || 8080);
server.listen(port, "127.0.0.1", () => console.log(`echo app on ${port}`));
