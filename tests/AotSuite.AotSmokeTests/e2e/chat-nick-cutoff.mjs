// A node cut off from the database for longer than the presence timeout loses its nicks to the node that took them
// meanwhile (npm's ws): bob on node B, ada on node A.
// Usage: node chat-nick-cutoff.mjs <ws url of A's /chat> <ws url of B's /chat> <node_modules dir holding ws>.
// Prints one line per checked step; after "cut B off" and "reconnect B" it waits for the test's "go" on stdin.
import { ask, askUntilGranted, client, waitForGo } from "./chat-client.mjs";

const [urlA, urlB, modules] = process.argv.slice(2);
const { connect } = client(modules);

const bob = await connect(urlB);
console.log(`B: ${await ask(bob, "bob")}`);
const ada = await connect(urlA);
console.log(`A: ${await ask(ada, "Bob")}`);
console.log("cut B off");
await waitForGo();
console.log(`A while B is cut off: ${await askUntilGranted(ada, "Bob")}`);
console.log("reconnect B");
await waitForGo();
console.log(`bob on B is told: ${(await bob.next("error")).error}`);
console.log(`bob on B is closed with ${await bob.closed}`);
console.log(`B: ${await ask(await connect(urlB), "bob")}`);
process.exit(0);
