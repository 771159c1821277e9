// node idle.mjs <port> <connections> <pid>  →  "idle <server RSS KiB before> <after>"
// Opens the connections 100 at a time, each sending an upgrade request and waiting for its 101, then holds them idle.
import net from "node:net";
import fs from "node:fs";

const [port, count, pid] = process.argv.slice(2).map(Number);
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))[1]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const open = () => new Promise((resolve, reject) => {
  const socket = net.connect(port, "127.0.0.1", () => socket.write("GET /idle HTTP/1.1\r\nHost: x\r\nUpgrade: idle\r\nConnection: Upgrade\r\n\r\n"));
  let head = "";
  socket.on("data", (data) => { head += data; if (head.includes("\r\n\r\n")) resolve(socket); });
  socket.on("error", reject);
});
const openMany = async (n) => {
  const sockets = [];
  for (let i = 0; i < n; i += 100) sockets.push(...await Promise.all(Array.from({ length: Math.min(100, n - i) }, open)));
  return sockets;
};
// Warm-up: JIT, thread pool and buffer pools grown once, so the figure is per connection and not start-up.
for (const s of await openMany(200)) s.destroy();
await sleep(1000);
const before = rss();
const sockets = await openMany(count);
await sleep(2000);
console.log(`idle ${before} ${rss()}`);
for (const s of sockets) s.destroy();
process.exit(0);
