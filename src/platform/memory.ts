import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * Two V8 settings that keep a long download's memory flat, for the command-line tool only (a library
 * must not change its host's engine): both measured on a verified 1 GiB download (bench/RESULTS.md).
 *
 * - WebAssembly stays on the baseline compiler. undici parses HTTP with a WebAssembly build of llhttp,
 *   and V8's optimising compiler, run in the background after the first request, took about 30 MB
 *   at its peak; parsing costs the same CPU either way here.
 * - The young generation is collected every 2 MiB received. Each 64 KiB read off a socket is a new
 *   buffer outside the JavaScript heap; the heap itself grows so slowly that V8 let about 40 MB of
 *   them pile up before collecting. A minor collection of our small young generation takes a
 *   fraction of a millisecond: peak RSS 114 MB -> 96 MB (every 16 MiB: 113; 8: 103; 4: 99), same CPU.
 * - A read still queued when a minor collection runs (several connections or lanes on two cores: the
 *   queues are rarely empty) survives it and is moved to the old generation, which only a full
 *   collection frees, and V8 runs one only once tens of MB wait there. So after a minor collection,
 *   when the memory outside the heap is over 16 MiB, a full one runs, at most once per 64 MiB received
 *   (it costs about 25 ms here): 1 GiB over four connections peaked at 102-107 MB, now 83-88, for 3%
 *   more time; 200 small files four at a time 97-100 -> 91-92 MB; one connection never gets there.
 *
 * Only on the V8 versions of Node 20 to 24, whose flags these are; elsewhere nothing changes.
 */
let enabled = false;
let collectYoung: (() => void) | undefined;

export function tuneMemoryForDownloads(v8Version = process.versions.v8): void {
	const major = Number(v8Version.split(".")[0]);
	if (!(major >= 11 && major <= 13) || enabled) return;
	setFlagsFromString("--liftoff-only");
	enabled = true;
}

/**
 * V8's collector, made on first use (a new context costs a few milliseconds that `--help` need not pay).
 * A runtime that ignores V8 flags (Deno's, say, under a Node-like version) has no `gc` to give: then
 * nothing is collected, and the download goes on (it is called from inside every stream's loop).
 */
function youngCollector(): () => void {
	if (collectYoung) return collectYoung;
	let gc: unknown;
	try {
		setFlagsFromString("--expose-gc");
		gc = runInNewContext("typeof gc === 'function' ? gc : undefined");
	} catch {
		gc = undefined;
	} finally {
		setFlagsFromString("--no-expose-gc");
	}
	const collect = gc as ((opts?: { type: "minor" }) => void) | undefined;
	collectYoung = collect
		? () => {
				collect({ type: "minor" });
				if (sinceFull < FULL_AT_MOST_EVERY_BYTES || getHeapStatistics().external_memory <= EXTERNAL_LIMIT_BYTES) return;
				sinceFull = 0;
				collect();
			}
		: () => {};
	return collectYoung;
}

const EVERY_BYTES = 2 * 1024 * 1024;
/** Memory outside the heap (array buffers) above which a full collection follows a young one... */
const EXTERNAL_LIMIT_BYTES = 16 * 1024 * 1024;
/** ...at most once per this many bytes received. */
const FULL_AT_MOST_EVERY_BYTES = 64 * 1024 * 1024;
/** Bytes received since the last full collection we asked for. */
let sinceFull = 0;

/** Bytes received since the last collection, over every stream of the process (lanes and segments alike). */
let sinceCollect = 0;

/** Count bytes read off the network; every 2 MiB in all, collect the young generation (when the tool asked for it). */
export function noteReceived(bytes: number): void {
	if (!enabled) return;
	sinceCollect += bytes;
	sinceFull += bytes;
	if (sinceCollect < EVERY_BYTES) return;
	sinceCollect = 0;
	youngCollector()();
}
