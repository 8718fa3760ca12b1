/** The command line run: Ctrl-C, broken pipes, and the exit code around `main` (loaded by bin.ts). */
import { detectLang, messages } from "../i18n/index.js";
import { systemClock } from "../platform/clock.js";
import { tuneMemoryForDownloads } from "../platform/memory.js";
import { main } from "./main.js";
import { langFromArgv } from "./options.js";

// before the first request: undici compiles its HTTP parser then
tuneMemoryForDownloads();
const ac = new AbortController();
let interrupts = 0;
// `schedule` says its own words about stopping
const command = process.argv.slice(2).find((a) => !a.startsWith("-"));
const onSigint = () => {
	interrupts++;
	if (interrupts > 1) process.exit(130);
	if (command !== "schedule") {
		const m = messages(detectLang(langFromArgv(process.argv.slice(2)), process.env));
		process.stderr.write(`\n${m.cliStopping()}\n`);
	}
	ac.abort();
};
// `civitai-dl history | head`: a reader that goes away is not an error. Output stops; the work goes on.
for (const stream of [process.stdout, process.stderr]) {
	stream.on("error", (e: NodeJS.ErrnoException) => {
		if (e.code !== "EPIPE") throw e;
	});
}
process.on("SIGINT", onSigint);
process.on("SIGTERM", onSigint);

const code = await main(process.argv.slice(2), {
	stdout: process.stdout,
	stderr: process.stderr,
	stdin: process.stdin,
	env: process.env,
	cwd: process.cwd(),
	signal: ac.signal,
	clock: systemClock,
});
process.exitCode = ac.signal.aborted && code !== 2 ? 130 : code;
// stalled sockets or timers must not keep a finished run alive
setTimeout(() => process.exit(process.exitCode), 200).unref();
