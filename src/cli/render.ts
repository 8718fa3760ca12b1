import { formatBytes, formatDuration, formatPercent, formatSpeed } from "../core/format.js";
import type { RunSummary } from "../core/summary.js";
import type { RunEvent } from "../download/events.js";
import type { Messages } from "../i18n/index.js";

export type OutputMode = "json" | "plain" | "quiet";

export type Renderer = (e: RunEvent) => void;

interface Out {
	stdout: NodeJS.WritableStream & { isTTY?: boolean };
	stderr: NodeJS.WritableStream;
	now: () => number;
}

/** NDJSON: one event per line on stdout, progress at most once a second per item. */
export function jsonRenderer(out: Out): Renderer {
	const lastProgress = new Map<number, number>();
	return (e) => {
		if (e.type === "progress") {
			const t = out.now();
			if (t - (lastProgress.get(e.index) ?? 0) < 1000) return;
			lastProgress.set(e.index, t);
		}
		out.stdout.write(`${JSON.stringify({ ...e, time: new Date(out.now()).toISOString() })}\n`);
	};
}

/**
 * Plain lines for people. On a terminal the progress line is rewritten in place; elsewhere (cron,
 * pipes, `--no-progress`) a progress line is printed at most every 5 s and never a carriage return.
 */
export function plainRenderer(out: Out, opts: { quiet: boolean; live: boolean; verbose: boolean; m: Messages }): Renderer {
	const { m } = opts;
	let lastProgress = 0;
	let liveLine = false;
	const write = (s: string) => {
		if (liveLine) {
			out.stdout.write("\r\x1b[K");
			liveLine = false;
		}
		out.stdout.write(`${s}\n`);
	};
	const err = (s: string) => {
		if (liveLine) {
			out.stdout.write("\r\x1b[K");
			liveLine = false;
		}
		out.stderr.write(`${s}\n`);
	};
	return (e) => {
		switch (e.type) {
			case "run_start":
				if (!opts.quiet && e.total > 1) write(`${e.total} items to process.`);
				return;
			case "item_start":
				if (opts.quiet) return;
				write(
					`[${e.index}/${e.total}] ${e.name} (${e.category}, ${e.sizeBytes === null ? "size unknown" : formatBytes(e.sizeBytes)})${
						e.resumeFrom > 0 ? `, resuming at ${formatBytes(e.resumeFrom)}` : ""
					} -> ${e.path}`,
				);
				lastProgress = out.now();
				return;
			case "progress": {
				if (opts.quiet) return;
				const t = out.now();
				const line = `  ${formatPercent(e.bytes, e.totalBytes)}  ${formatBytes(e.bytes)} / ${
					e.totalBytes === null ? "?" : formatBytes(e.totalBytes)
				}  ${formatSpeed(e.bytesPerSecond)}${
					e.totalBytes && e.bytesPerSecond > 0 ? `  ETA ${formatDuration(((e.totalBytes - e.bytes) / e.bytesPerSecond) * 1000)}` : ""
				}`;
				if (opts.live) {
					if (t - lastProgress < 250) return;
					lastProgress = t;
					out.stdout.write(`\r\x1b[K${line}`);
					liveLine = true;
				} else {
					if (t - lastProgress < 5000) return;
					lastProgress = t;
					write(line);
				}
				return;
			}
			case "retry":
				err(`  ! ${e.reason}`);
				err(`  retrying in ${formatDuration(e.delayMs)} (retry ${e.retry} of ${e.maxRetries})`);
				return;
			case "wait":
				if (!opts.quiet) write(`  waiting ${formatDuration(e.delayMs)} before the next download`);
				return;
			case "skip":
				if (!opts.quiet) write(`[${e.index}] skipped ${e.name}: already at ${e.path}`);
				return;
			case "done":
				if (!opts.quiet) {
					write(
						`[${e.index}] done ${e.name}: ${formatBytes(e.bytes)}, ${e.verified ? "SHA-256 verified" : "not verified (no hash known or --no-verify)"}${
							e.retries > 0 ? `, after ${e.retries} ${e.retries === 1 ? "retry" : "retries"}` : ""
						}`,
					);
					if (opts.verbose) write(`    ${e.path}\n    sha256 ${e.sha256}`);
				}
				return;
			case "fail":
				err(`[${e.index}] ${e.parked ? "parked" : "FAILED"} ${e.name} (${e.kind}): ${e.message}`);
				return;
			case "plan":
				write(
					`[${e.index}] ${e.action === "skip" ? "skip    " : "download"} ${e.category.padEnd(11)} ${
						e.sizeBytes === null ? "?" : formatBytes(e.sizeBytes)
					}\t${e.path}`,
				);
				return;
			case "warning":
				err(`warning: ${e.message}`);
				return;
			case "summary":
				write(summaryText(e.summary));
				return;
			case "lock_wait":
				err(m.lockWaiting({ path: e.path, pid: String(e.pid ?? "?"), timeout: formatDuration(e.timeoutMs) }));
				return;
			case "lock_stale":
				err(m.lockStaleTaken({ path: e.path, pid: String(e.pid ?? "?") }));
				return;
			case "notify":
				if (e.ok) {
					if (!opts.quiet) write(m.notifySent(e));
				} else err(`warning: ${m.notifyNotSent({ hook: e.hook, attempts: e.attempts, reason: e.reason ?? "" })}`);
				return;
		}
	};
}

export function summaryText(s: RunSummary): string {
	const rate = s.successRate === null ? "n/a" : `${(s.successRate * 100).toFixed(1)}%`;
	const lines = [
		"",
		"Summary",
		`  succeeded: ${s.succeeded}`,
		`  skipped:   ${s.skipped}`,
		`  failed:    ${s.failed}`,
		...(s.parked > 0 ? [`  parked:    ${s.parked}`] : []),
		`  retries:   ${s.retries} (${s.successfulRetries} ${s.successfulRetries === 1 ? "item" : "items"} succeeded after retrying)`,
		`  total:     ${s.total}`,
		`  success rate: ${rate}${s.successRate === null ? " (nothing was attempted)" : ""}`,
		`  downloaded: ${formatBytes(s.bytes)} in ${formatDuration(s.elapsedMs)}`,
	];
	if (s.stoppedBy === "quota") lines.push("  stopped: Civitai's daily download quota was reached; the rest is parked.");
	if (s.stoppedBy === "interrupt") lines.push("  stopped: interrupted; partial files are kept and resume next time.");
	if (s.stoppedBy === "disk") lines.push("  stopped: the disk is full.");
	if (s.failedListPath)
		lines.push(`  failed list: ${s.failedListPath}`, `  re-run it with: civitai-dl redownload --from "${s.failedListPath}"`);
	return lines.join("\n");
}
