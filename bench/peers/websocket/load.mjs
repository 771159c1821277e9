// Load generator for bench/peers/websocket.sh, the same ws (npm) client against every server.
//   node load.mjs echo <url> <connections> <seconds> <modules>        → "echo <round trips/s>"
//   node load.mjs broadcast <url> <receivers> <messages> <modules>    → "broadcast <messages delivered/s>"
//   node load.mjs idle <url> <connections> <pid> <modules>            → "idle <server RSS KiB before> <after>"
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [mode, url, countText, amountText, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const WebSocket = require("ws");
const count = Number(countText);
const amount = Number(amountText);

const open = (u) => new Promise((resolve, reject) => {
  const s = new WebSocket(u, { perMessageDeflate: false });
  s.once("open", () => resolve(s));
  s.once("error", reject);
});
const reply = (s, type) => new Promise((resolve) => {
  const on = (data) => { if (JSON.parse(data.toString()).type === type) { s.off("message", on); resolve(); } };
  s.on("message", on);
});
const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]);

if (mode === "echo") {
  const sockets = await Promise.all(Array.from({ length: count }, () => open(url)));
  const payload = "x".repeat(32);
  let trips = 0;
  let running = true;
  for (const s of sockets) {
    s.on("message", () => { trips++; if (running) s.send(payload); });
    s.send(payload);
  }
  await new Promise((r) => setTimeout(r, 1000)); // warm-up
  const start = trips;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, amount * 1000));
  const rate = (trips - start) / ((performance.now() - t0) / 1000);
  running = false;
  console.log(`echo ${Math.round(rate)}`);
  for (const s of sockets) s.terminate();
} else if (mode === "broadcast") {
  const receivers = [];
  for (let i = 0; i < count; i += 50) {
    receivers.push(...await Promise.all(Array.from({ length: Math.min(50, count - i) }, async (_, j) => {
      const s = await open(url);
      s.send(JSON.stringify({ type: "nick", nick: `r${i + j}` }));
      const joined = reply(s, "history");
      s.send(JSON.stringify({ type: "join", room: "bench" }));
      await joined;
      return s;
    })));
  }
  const sender = await open(url);
  sender.send(JSON.stringify({ type: "nick", nick: "sender" }));
  const senderJoined = reply(sender, "history");
  sender.send(JSON.stringify({ type: "join", room: "bench" }));
  await senderJoined;
  let delivered = 0;
  const expected = count * amount;
  const done = new Promise((resolve) => {
    // Only room lines count: chat-server also tells members about joins and presence, ws's peer does not.
    for (const s of receivers) s.on("message", (data) => { if (data.subarray(0, 17).toString() === '{"type":"message"' && ++delivered >= expected) resolve(); });
  });
  const t0 = performance.now();
  // In windows of 10, so neither side buffers the whole run.
  for (let m = 0; m < amount; m++) {
    sender.send(JSON.stringify({ type: "say", room: "bench", text: `message ${m}` }));
    if (m % 10 === 9) while (delivered < (m - 20) * count) await new Promise((r) => setImmediate(r));
  }
  await done;
  console.log(`broadcast ${Math.round(delivered / ((performance.now() - t0) / 1000))}`);
  for (const s of [...receivers, sender]) s.terminate();
} else if (mode === "idle") {
  const pid = Number(amountText);
  const before = rss(pid);
  const sockets = [];
  for (let i = 0; i < count; i += 100) sockets.push(...await Promise.all(Array.from({ length: Math.min(100, count - i) }, () => open(url))));
  await new Promise((r) => setTimeout(r, 2000));
  console.log(`idle ${before} ${rss(pid)}`);
  for (const s of sockets) s.terminate();
}
process.exit(0);
