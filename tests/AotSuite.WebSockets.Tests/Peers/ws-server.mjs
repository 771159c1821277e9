// node's ws (npm) as an echo server for our client. Usage: node ws-server.mjs <node_modules dir> [perMessageDeflate as JSON].
// Prints "port N" once listening; each connection's agreed extensions as "extensions: ..."; exits when stdin closes.
import { createRequire } from "node:module";
import path from "node:path";

const [modules, deflate] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { WebSocketServer } = require("ws");

const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: deflate ? JSON.parse(deflate) : false, handleProtocols: (offered) => offered.has("echo.v1") ? "echo.v1" : false });
server.on("connection", (socket) => {
  console.log(`extensions: ${socket.extensions}`);
  socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
});
server.on("listening", () => console.log(`port ${server.address().port}`));
process.stdin.resume();
process.stdin.on("end", () => { server.close(); process.exit(0); });
