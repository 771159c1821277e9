// graphile-worker side of bench/peers/jobs.sh, the same two measurements as JobsBench (see its header):
//   node graphile.js throughput <connection string> [jobs] [batch] [concurrency]
//   node graphile.js latency <connection string> [samples]
// Runs with the settings of graphile-worker's own perfTest (local queue of 500, completions and failures batched);
// enqueues through WorkerUtils.addJobs (one call per batch). Prints one line of key=value pairs.
const { run, makeWorkerUtils } = require("graphile-worker");

const [mode, connectionString, ...rest] = process.argv.slice(2);
const arg = (i, fallback) => (rest[i] !== undefined ? Number(rest[i]) : fallback);
const preset = { worker: { localQueue: { size: 500, refetchDelay: { durationMs: 10 } }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } };
const { Logger } = require("graphile-worker");
const logger = new Logger(() => (level, message) => { if (level === "error") console.error(message); });

async function main() {
  const utils = await makeWorkerUtils({ connectionString, logger });
  await utils.migrate();
  if (mode === "throughput") {
    const jobs = arg(0, 100000), batch = arg(1, 1000), concurrency = arg(2, 24);
    let start = process.hrtime.bigint();
    for (let first = 0; first < jobs; first += batch) {
      const specs = [];
      for (let i = first; i < Math.min(jobs, first + batch); i++) specs.push({ identifier: "noop", payload: { id: i } });
      await utils.addJobs(specs);
    }
    const enqueueSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    let done = 0, finish;
    const all = new Promise((resolve) => (finish = resolve));
    start = process.hrtime.bigint();
    const runner = await run({
      connectionString, concurrency, maxPoolSize: concurrency + 1, noHandleSignals: true, pollInterval: 1000, logger, preset,
      taskList: { noop: async () => { if (++done === jobs) finish(); } },
    });
    await all;
    // Completions are batched: the run ends when the last batch is written, as graphile's perfTest (--once) times it.
    await runner.stop();
    const runSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`jobs=${jobs} batch=${batch} concurrency=${concurrency} enqueue_s=${enqueueSeconds.toFixed(3)} enqueue_per_s=${(jobs / enqueueSeconds).toFixed(0)} run_s=${runSeconds.toFixed(3)} jobs_per_s=${(jobs / runSeconds).toFixed(0)}`);
  } else {
    const samples = arg(0, 1000);
    const started = new Map();
    let wake;
    const runner = await run({
      connectionString, concurrency: 1, noHandleSignals: true, pollInterval: 1000, logger,
      taskList: { latency: async ({ id }) => { started.set(id, process.hrtime.bigint()); wake(); } },
    });
    const one = async (id) => {
      const startedOne = new Promise((resolve) => (wake = resolve));
      const at = process.hrtime.bigint();
      await utils.addJob("latency", { id });
      await startedOne;
      return Number(started.get(id) - at) / 1e6;
    };
    for (let i = 1; i <= 50; i++) await one(-i); // warm-up
    await new Promise((r) => setTimeout(r, 500));
    const ms = [];
    for (let i = 0; i < samples; i++) ms.push(await one(i));
    await runner.stop();
    ms.sort((a, b) => a - b);
    const p = (q) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
    console.log(`samples=${samples} p50_ms=${p(0.5).toFixed(2)} p99_ms=${p(0.99).toFixed(2)} max_ms=${ms[ms.length - 1].toFixed(2)} avg_ms=${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)}`);
  }
  await utils.release();
}

main().catch((e) => { console.error(e); process.exit(1); });
