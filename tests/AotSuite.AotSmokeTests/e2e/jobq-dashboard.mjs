// Drives `jobq dashboard`'s page in headless Chromium: the queues table and the failures list load, a job added with
// the jobq CLI shows up without a reload (the page polls), and the Retry button puts a dead job back in its queue.
// Usage: JOBQ=<jobq binary> (and JOBQ_DB) node jobq-dashboard.mjs <url> <node_modules dir holding playwright-core>.
// Prints one line per checked step.
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import path from "node:path";
import os from "node:os";

const [url, modules] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), "noop.js"));
const { chromium } = require("playwright-core");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage();
  const count = (queue, state) => page.textContent(`tr[data-queue='${queue}'] td.${state}`);
  const waitCount = (queue, state, n) => page.waitForFunction(([q, s, v]) =>
    document.querySelector(`tr[data-queue='${q}'] td.${s}`)?.textContent === v, [queue, state, String(n)]);

  await page.goto(`${url}/?every=250`);
  await waitCount("emails", "waiting", 2);
  console.log(`loaded: emails waiting=${await count("emails", "waiting")} reports dead=${await count("reports", "dead")}`);

  await page.waitForSelector("#failures li .job-error:has-text('disk full')");
  console.log(`failure: ${await page.textContent("#failures li .job-error")}`);

  execFileSync(process.env.JOBQ, ["enqueue", "emails", '{"n":3}'], { stdio: "ignore" });
  await waitCount("emails", "waiting", 3);
  console.log(`live: emails waiting=${await count("emails", "waiting")}`);

  await page.click("#failures li button");
  await waitCount("reports", "waiting", 1);
  await page.waitForFunction(() => document.querySelectorAll("#failures li").length === 0);
  console.log(`retried: reports waiting=${await count("reports", "waiting")} dead=${await count("reports", "dead")}`);
  await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR ?? os.tmpdir(), "jobq-dashboard.png"), fullPage: true });
} finally {
  await browser.close();
}
