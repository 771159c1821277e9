'use strict'
// usage: node pino-bench.js <sync|async> <path> [lines]
// pino writing N info lines with three fields to <path>; prints "pino-<mode> <lines> <seconds> <lines/s>".
// sync: pino.destination(path), pino's default destination. async: sync:false (sonic-boom buffers, flushes at 4 KiB).
const pino = require('pino')
const [mode, path, n] = process.argv.slice(2)
const count = Number(n || 1000000)
const dest = pino.destination({ dest: path, sync: mode === 'sync', minLength: mode === 'sync' ? 0 : 4096 })
const logger = pino({ level: 'info' }, dest)
const text = 'checkout'
const start = process.hrtime.bigint()
for (let i = 0; i < count; i++) logger.info({ a: i, b: text, c: i * 0.25 }, 'request handled')
const done = () => {
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  console.log(`pino-${mode} ${count} ${seconds.toFixed(3)} ${Math.round(count / seconds)}`)
}
if (mode === 'sync') { dest.flushSync(); done() } else { dest.flush(() => { dest.flushSync(); done() }) }
