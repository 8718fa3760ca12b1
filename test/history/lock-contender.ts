// One process of test/history/lock-takeover.test.ts: at the start time given, take the lock, hold it a moment, append when it
// held it to the log (pid, taken, released: ms on the system's monotonic clock, which every process reads
// alike; `performance.timeOrigin` is fixed per process at its start, off by as long as the process was
// kept from running between its two readings there: under load two holds seemed to overlap), give it back.
import { appendFile } from "node:fs/promises";
import { acquireLock } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";

const [file, log, startAt] = process.argv.slice(2) as [string, string, string];
const now = () => Number(process.hrtime.bigint()) / 1e6;
// all start together however long each took to load (the start is wall-clock time), then a few ms apart
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - Date.now()) + (process.pid % 4)));
const release = await acquireLock(file, { clock: systemClock, timeoutMs: 30_000, pollMs: 5 });
const taken = now();
await new Promise((r) => setTimeout(r, 20));
const released = now();
await appendFile(log, `${process.pid} ${taken} ${released}\n`);
await release();
