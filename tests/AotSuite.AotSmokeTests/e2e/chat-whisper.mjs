// Private messages across two chat-server nodes sharing a PostgreSQL database (npm's ws): ada on node A, bob on B.
// Usage: node chat-whisper.mjs <ws url of A's /chat> <ws url of B's /chat> <node_modules dir holding ws>.
// Prints one line per checked step.
import { client } from "./chat-client.mjs";

const [urlA, urlB, modules] = process.argv.slice(2);
const { enter } = client(modules);

const ada = await enter(urlA, "ada");
const bob = await enter(urlB, "Bob");

// Presence is written behind the nick command: A learns of bob when its list shows him (60 s at most).
const deadline = Date.now() + 60_000;
let online;
do {
  ada.send(JSON.stringify({ type: "who" }));
  online = (await ada.next("presence")).nicks.join(",");
  if (online === "Bob,ada") break;
  await new Promise((resolve) => setTimeout(resolve, 200));
} while (Date.now() < deadline);
console.log(`who is online on A: ${online}`);

const show = (m) => `${m.from} -> ${m.to}: ${m.text}`;
ada.send(JSON.stringify({ type: "whisper", to: "bob", text: "psst, from A" }));
console.log(`bob gets: ${show(await bob.next("private"))}`);
console.log(`ada's copy: ${show(await ada.next("private"))}`);
bob.send(JSON.stringify({ type: "whisper", to: "ADA", text: "hi back from B" }));
console.log(`ada gets: ${show(await ada.next("private"))}`);
console.log(`bob's copy: ${show(await bob.next("private"))}`);
ada.send(JSON.stringify({ type: "whisper", to: "nobody", text: "anyone?" }));
console.log(`ada is told: ${(await ada.next("error")).error}`);
ada.close();
bob.close();
process.exit(0);
