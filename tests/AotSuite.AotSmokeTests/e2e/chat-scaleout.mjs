// Two chat-server nodes sharing a PostgreSQL database, spoken to with npm's ws: ada on node A, bob on node B.
// Usage: node chat-scaleout.mjs <ws url of A's /chat> <ws url of B's /chat> <node_modules dir holding ws>.
// Prints one line per checked step. After "waiting for the outage" it reads one line from stdin (the test cuts B's
// database connections first), then ada speaks and bob must still get the line once B is back.
import readline from "node:readline";
import { client } from "./chat-client.mjs";

const [urlA, urlB, modules] = process.argv.slice(2);
const { enter } = client(modules);

const say = (socket, text) => socket.send(JSON.stringify({ type: "say", room: "lobby", text }));
const heard = async (socket, text) => { const m = await socket.next("message", (m) => m.text === text); return `${m.from}: ${m.text}`; };

const ada = await enter(urlA, "ada");
say(ada, "before bob");
await heard(ada, "before bob"); // back through the database: stored and announced

const bob = await enter(urlB, "bob");
console.log(`bob's history on B: ${bob.history.map((m) => `${m.from}: ${m.text}`).join(" | ")}`);

say(ada, "hello from A");
console.log(`bob sees: ${await heard(bob, "hello from A")}`);
say(bob, "hello from B");
console.log(`ada sees: ${await heard(ada, "hello from B")}`);

// Over NOTIFY's 8000-byte payload limit (in bytes: 6000 two-byte characters): announced by id, read from the table.
const large = "é".repeat(6000);
say(ada, large);
const got = await bob.next("message", (m) => m.from === "ada" && m.text.length === large.length);
console.log(`bob gets the ${Buffer.byteLength(large)}-byte line intact: ${got.text === large}`);

console.log("waiting for the outage");
const lines = readline.createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once("line", resolve));
lines.close();
say(ada, "said while B was cut off");
console.log(`bob catches up: ${await heard(bob, "said while B was cut off")}`);
const carol = await enter(urlB, "carol");
console.log(`carol's history on B: ${carol.history.map((m) => m.text.length > 40 ? `${m.from}: (${m.text.length} characters)` : `${m.from}: ${m.text}`).join(" | ")}`);
for (const s of [ada, bob, carol]) s.close();
process.exit(0);
