// pg-boss side of bench/peers/jobs.sh, the same two measurements as JobsBench (see its header):
//   node pgboss.js throughput <connection string> [jobs] [batch] [concurrency]
//   node pgboss.js latency <connection string> [samples]
// Enqueues through insert() (one call per batch). Workers fetch CONCURRENCY jobs at a time (batchSize) and run them
// together, fetching again at once while batches come back full (burstWhenBatchFull); the queue has LISTEN/NOTIFY on
// (useListenNotify + notify: true), so an idle worker wakes when a job is added. Prints one line of key=value pairs.
const pgboss = require("pg-boss");
const PgBoss = pgboss.PgBoss ?? pgboss.default ?? pgboss;

const [mode, connectionString, ...rest] = process.argv.slice(2);
const arg = (i, fallback) => (rest[i] !== undefined ? Number(rest[i]) : fallback);

async function main() {
  const boss = new PgBoss({ connectionString, max: 10, useListenNotify: true });
  boss.on("error", (e) => console.error(e));
  await boss.start();
  const queue = mode === "throughput" ? "bench" : "latency";
  await boss.createQueue(queue, { notify: true });
  if (mode === "throughput") {
    const jobs = arg(0, 100000), batch = arg(1, 1000), concurrency = arg(2, 24);
    let start = process.hrtime.bigint();
    for (let first = 0; first < jobs; first += batch) {
      const list = [];
      for (let i = first; i < Math.min(jobs, first + batch); i++) list.push({ data: { id: i } });
      await boss.insert(queue, list);
    }
    const enqueueSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    let done = 0, finish;
    const all = new Promise((resolve) => (finish = resolve));
    start = process.hrtime.bigint();
    await boss.work(queue, { batchSize: concurrency, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true }, async (batchOfJobs) => {
      await Promise.all(batchOfJobs.map(async () => {}));
      done += batchOfJobs.length;
      // pg-boss records the batch as completed when this handler returns: count it done on the next turn.
      if (done >= jobs) setImmediate(finish);
    });
    await all;
    const runSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    console.log(`jobs=${jobs} batch=${batch} concurrency=${concurrency} enqueue_s=${enqueueSeconds.toFixed(3)} enqueue_per_s=${(jobs / enqueueSeconds).toFixed(0)} run_s=${runSeconds.toFixed(3)} jobs_per_s=${(jobs / runSeconds).toFixed(0)}`);
  } else {
    const samples = arg(0, 1000);
    const started = new Map();
    let wake;
    await boss.work(queue, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
      started.set(job.data.id, process.hrtime.bigint());
      wake();
    });
    const one = async (id) => {
      const startedOne = new Promise((resolve) => (wake = resolve));
      const at = process.hrtime.bigint();
      await boss.send(queue, { id });
      await startedOne;
      return Number(started.get(id) - at) / 1e6;
    };
    for (let i = 1; i <= 10; i++) await one(-i); // warm-up
    const ms = [];
    for (let i = 0; i < samples; i++) ms.push(await one(i));
    ms.sort((a, b) => a - b);
    const p = (q) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
    console.log(`samples=${samples} p50_ms=${p(0.5).toFixed(2)} p99_ms=${p(0.99).toFixed(2)} max_ms=${ms[ms.length - 1].toFixed(2)} avg_ms=${(ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)}`);
  }
  await boss.stop({ graceful: true, wait: true, timeout: 10000 });
}

main().catch((e) => { console.error(e); process.exit(1); });
