// Who is online across two chat-server nodes sharing a PostgreSQL database (npm's ws): ada on node A, the others on B.
// Usage: node chat-presence.mjs <ws url of A's /chat> <ws url of B's /chat> <node_modules dir holding ws>.
// Prints one line per checked step. After "kill B" it reads one line from stdin (the test kills B with SIGKILL first);
// then B's members must leave A's lists within the presence timeout.
import { client, waitForGo } from "./chat-client.mjs";

const [urlA, urlB, modules] = process.argv.slice(2);
const { enter } = client(modules);

// Presence is written behind the command that changed it, so a list is asked for until it is the expected one; the
// last answer is printed either way (a wrong one fails the test with it), after 60 s at most.
async function who(socket, room, expected) {
  const deadline = Date.now() + 60_000;
  let nicks;
  do {
    socket.send(JSON.stringify(room ? { type: "who", room } : { type: "who" }));
    nicks = (await socket.next("presence", (m) => (m.room ?? null) === room)).nicks.join(",");
    if (nicks === expected) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  } while (Date.now() < deadline);
  return nicks;
}

const heard = async (socket, type, nick) => `${(await socket.next(type, (m) => m.nick === nick)).nick} ${type} ${socket.room}`;

const ada = await enter(urlA, "ada");
ada.room = "lobby";
const bob = await enter(urlB, "bob");
console.log(`ada hears: ${await heard(ada, "joined", "bob")}`);
console.log(`who in lobby on A: ${await who(ada, "lobby", "ada,bob")}`);
console.log(`who in lobby on B: ${await who(bob, "lobby", "ada,bob")}`);
console.log(`who is online on A: ${await who(ada, null, "ada,bob")}`);

const carol = await enter(urlB, "carol");
console.log(`ada hears: ${await heard(ada, "joined", "carol")}`);
carol.send(JSON.stringify({ type: "leave", room: "lobby" }));
console.log(`ada hears: ${await heard(ada, "left", "carol")}`);

const dave = await enter(urlB, "dave");
console.log(`ada hears: ${await heard(ada, "joined", "dave")}`);
dave.terminate(); // the TCP connection drops, no close handshake
console.log(`ada hears: ${await heard(ada, "left", "dave")}`);
console.log(`who is online on A: ${await who(ada, null, "ada,bob,carol")}`);

console.log("kill B");
await waitForGo();
console.log(`ada hears: ${await heard(ada, "left", "bob")}`);
console.log(`who in lobby on A: ${await who(ada, "lobby", "ada")}`);
console.log(`who is online on A: ${await who(ada, null, "ada")}`);
ada.close();
process.exit(0);
