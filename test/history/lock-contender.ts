// One process of test/history/lock-takeover.test.ts: at the start time given, take the lock, hold it a moment, append when it
// held it to the log (pid, taken, released: ms since the epoch with sub-ms precision), give it back.
import { appendFile } from "node:fs/promises";
import { acquireLock } from "../../src/history/lock.js";
import { systemClock } from "../../src/platform/clock.js";

const [file, log, startAt] = process.argv.slice(2) as [string, string, string];
const now = () => performance.timeOrigin + performance.now();
// all start together however long each took to load, then a few ms apart
await new Promise((r) => setTimeout(r, Math.max(0, Number(startAt) - now()) + (process.pid % 4)));
const release = await acquireLock(file, { clock: systemClock, timeoutMs: 30_000, pollMs: 5 });
const taken = now();
await new Promise((r) => setTimeout(r, 20));
const released = now();
await appendFile(log, `${process.pid} ${taken} ${released}\n`);
await release();
