#!/usr/bin/env node
import { main } from "./main.js";

const ac = new AbortController();
let interrupts = 0;
// `schedule` says its own words about stopping
const command = process.argv.slice(2).find((a) => !a.startsWith("-"));
const onSigint = () => {
	interrupts++;
	if (interrupts > 1) process.exit(130);
	if (command !== "schedule") process.stderr.write("\nStopping after cleanup (press Ctrl-C again to quit at once)...\n");
	ac.abort();
};
process.on("SIGINT", onSigint);
process.on("SIGTERM", onSigint);

const code = await main(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	env: process.env,
	cwd: process.cwd(),
	signal: ac.signal,
});
process.exitCode = ac.signal.aborted && code !== 2 ? 130 : code;
// stalled sockets or timers must not keep a finished run alive
setTimeout(() => process.exit(process.exitCode), 200).unref();
