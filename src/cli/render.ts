import { formatBytes, formatDuration, formatPercent, formatSpeed } from "../core/format.js";
import { shellLine } from "../core/run-log.js";
import type { RunSummary } from "../core/summary.js";
import type { RunEvent } from "../download/events.js";
import type { Messages } from "../i18n/en.js";
import { ndjson } from "./context.js";
import { paint, type Ui } from "./ui.js";

export type Renderer = (e: RunEvent) => void;

export interface Out {
	stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
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
		out.stdout.write(ndjson(e, out.now()));
	};
}

/** What a plan (--dry-run) adds up to. */
interface PlanTally {
	download: number;
	bytes: number;
	unknown: number;
	skip: number;
}

type Line = { out?: string; err?: string } | null;

/** An item's own lines as it goes: its start, its progress, a retry, a pacing wait. */
function itemLine(e: Extract<RunEvent, { type: "item_start" | "progress" | "retry" | "wait" }>, ui: Ui, opts: { quiet: boolean }): Line {
	const { m, locale } = ui;
	const size = (n: number | null) => (n === null ? null : formatBytes(n, locale));
	switch (e.type) {
		case "item_start":
			if (opts.quiet) return null;
			return {
				out: m.runItemStart({
					...e,
					size: size(e.sizeBytes),
					resumeAt: e.resumeFrom > 0 ? formatBytes(e.resumeFrom, locale) : null,
				}),
			};
		case "progress": {
			if (opts.quiet) return null;
			const left = e.totalBytes && e.bytesPerSecond > 0 ? ((e.totalBytes - e.bytes) / e.bytesPerSecond) * 1000 : null;
			return {
				out: m.runProgress({
					index: e.index,
					name: e.name,
					percent: formatPercent(e.bytes, e.totalBytes, locale),
					done: formatBytes(e.bytes, locale),
					total: size(e.totalBytes),
					speed: formatSpeed(e.bytesPerSecond, locale),
					eta: left === null ? null : formatDuration(left, locale),
				}),
			};
		}
		case "retry": {
			const delay = formatDuration(e.delayMs, locale);
			return { err: paint(ui, "yellow", m.runRetry({ ...e, delay, max: e.maxRetries })) };
		}
		case "wait": {
			// a wait under a tenth of a second would print as "0.0 s": noise, not news
			if (opts.quiet || e.delayMs < 100) return null;
			const delay = formatDuration(e.delayMs, locale);
			if (e.index === undefined || e.name === undefined) return { out: m.runPacing({ delay }) };
			return { out: m.runPacingItem({ index: e.index, name: e.name, delay }) };
		}
	}
}

/**
 * One line per event, for logs and pipes (cron, CI, `--no-progress`): a progress line at most
 * every 5 s and never a carriage return. Also the words of every event for the live display.
 */
export function lineOf(e: RunEvent, ui: Ui, opts: { quiet: boolean; verbose: boolean }): Line {
	const { m, locale } = ui;
	switch (e.type) {
		case "run_start":
			return !opts.quiet && e.total > 1 ? { out: m.runItems({ total: e.total }) } : null;
		case "item_start":
		case "progress":
		case "retry":
		case "wait":
			return itemLine(e, ui, opts);
		case "skip":
			if (opts.quiet) return null;
			if (e.sameAs !== undefined) return { out: m.runSameFile({ ...e, sameAs: e.sameAs }) };
			return { out: opts.verbose ? m.runSkippedAt(e) : m.runSkipped(e) };
		case "version_pick":
			return { out: versionPickLine(e, m) };
		case "done": {
			if (opts.quiet) return null;
			const line = paint(ui, "green", m.runDone({ ...e, size: formatBytes(e.bytes, locale) }));
			return { out: opts.verbose ? `${line}\n${m.runDoneDetail(e)}` : line };
		}
		case "fail":
			return { err: e.parked ? paint(ui, "yellow", m.runParked(e)) : paint(ui, "red", m.runFailed(e)) };
		case "plan":
			return { out: planLine(e, ui) };
		case "warning":
			return { err: paint(ui, "yellow", m.warning({ message: e.message })) };
		case "summary":
			// a short run (one item) or -q: one line; the item's own line said the rest
			return { out: summaryText(e.summary, ui, opts.quiet || e.summary.total <= 1) };
		case "stopped":
		case "run_end":
			return null; // the summary says both
		case "lock_wait":
			return { err: m.lockWaiting({ path: e.path, pid: String(e.pid ?? "?"), timeout: formatDuration(e.timeoutMs, locale) }) };
		case "claim_wait":
			return { err: m.lockClaimWaiting({ ...e, pid: String(e.pid ?? "?"), timeout: formatDuration(e.timeoutMs, locale) }) };
		case "lock_stale":
			return { err: m.lockStaleTaken({ path: e.path, pid: String(e.pid ?? "?") }) };
		case "notify":
			if (e.ok) return opts.quiet ? null : { out: m.notifySent(e) };
			return {
				err: paint(ui, "yellow", m.warning({ message: m.notifyNotSent({ hook: e.hook, attempts: e.attempts, reason: e.reason ?? "" }) })),
			};
	}
}

/** A dry run's line for one item: what it would download or skip, or that an earlier item is the same file. */
function planLine(e: Extract<RunEvent, { type: "plan" }>, ui: Ui): string {
	const { m, locale } = ui;
	if (e.sameAs !== undefined) return m.runSameFile({ index: e.index, name: e.name, sameAs: e.sameAs });
	const p = {
		index: e.index,
		category: e.category,
		size: e.sizeBytes === null ? m.unknownSize() : formatBytes(e.sizeBytes, locale),
		path: e.path,
	};
	const line = e.action === "skip" ? m.runPlanSkip(p) : m.runPlanDownload(p);
	return e.access ? `${line}  [${accessLabel(e.access, m)}]` : line;
}

/** `model:ID` took an older version: which, and the newer ones in early or paid access. */
function versionPickLine(e: Extract<RunEvent, { type: "version_pick" }>, m: Messages): string {
	const label = (name: string, id: number) => (name ? `${name} (#${id})` : `#${id}`);
	const passed = e.passedOver.map((v) => ({ version: label(v.name, v.id), permanent: v.permanent, until: dateOf(v.until) }));
	return m.runVersionPicked({ index: e.index, model: e.name, version: label(e.version, e.versionId), passed });
}

/** The date part of an ISO time (null stays null). */
function dateOf(until: string | null): string | null {
	return until === null ? null : (/^\d{4}-\d{2}-\d{2}/.exec(until)?.[0] ?? until);
}

/** "paid", or "early access until 2027-01-03" (the date part of an ISO time). */
export function accessLabel(a: { permanent: boolean; until: string | null }, m: Messages): string {
	if (a.permanent) return m.planPaid();
	return m.planEarlyAccess({ until: a.until === null ? null : (/^\d{4}-\d{2}-\d{2}/.exec(a.until)?.[0] ?? a.until) });
}

/** Plain lines for people, for a run that is not on a terminal (or `--no-progress`). */
export function plainRenderer(out: Out, ui: Ui, opts: { quiet: boolean; verbose: boolean; dryRun: boolean }): Renderer {
	/** When each item's last progress line was printed (or it started): a line at most every 5 s per item. */
	const lastProgress = new Map<number, number>();
	let waitShownUntil = Number.NEGATIVE_INFINITY;
	/** Items whose last line was a pacing wait: waiting again for a slot another lane took is not news. */
	const waiting = new Set<number>();
	const plan: PlanTally = { download: 0, bytes: 0, unknown: 0, skip: 0 };
	/** Whether a download has started: before it, a wait is a lane queueing behind the run's first request (not news). */
	let started = false;
	return (e) => {
		if (e.type === "item_start") started = true;
		if (e.type === "wait" && e.delayMs >= 100) {
			if (!started) return;
			if (e.index !== undefined) {
				if (waiting.has(e.index)) return;
				waiting.add(e.index);
			} else {
				// lanes waiting for the same request slot would each say so: one line per slot. They all wait
				// for the same moment; the next slot is --sleep later (a printed wait is 0.1 s or more, so is --sleep)
				const until = out.now() + e.delayMs;
				if (Math.abs(until - waitShownUntil) < 50) return;
				waitShownUntil = until;
			}
		} else if ("index" in e && e.type !== "plan") waiting.delete(e.index);
		if (e.type === "progress") {
			const t = out.now();
			if (t - (lastProgress.get(e.index) ?? 0) < 5000) return;
			lastProgress.set(e.index, t);
		}
		if (e.type === "item_start") lastProgress.set(e.index, out.now());
		if (e.type === "plan") tallyPlan(plan, e);
		if (e.type === "summary" && opts.dryRun) {
			out.stdout.write(`${planTotals(plan, e.summary, ui)}\n`);
			return;
		}
		const line = lineOf(e, ui, opts);
		if (line?.out !== undefined) out.stdout.write(`${line.out}\n`);
		if (line?.err !== undefined) out.stderr.write(`${line.err}\n`);
	};
}

export function tallyPlan(t: PlanTally, e: Extract<RunEvent, { type: "plan" }>): void {
	if (e.action === "skip") {
		t.skip++;
		return;
	}
	t.download++;
	if (e.sizeBytes === null) t.unknown++;
	else t.bytes += e.sizeBytes;
}

export function planTotals(t: PlanTally, s: RunSummary, ui: Ui): string {
	return ui.m.runPlanTotals({
		download: t.download,
		bytes: formatBytes(t.bytes, ui.locale),
		unknown: t.unknown,
		skip: t.skip,
		failed: s.failed,
	});
}

export function summaryText(s: RunSummary, ui: Ui, short = false): string {
	const { m, locale } = ui;
	const bytes = formatBytes(s.bytes, locale);
	const elapsed = formatDuration(s.elapsedMs, locale);
	const lines = short
		? [m.sumShort({ ...s, bytes, elapsed })]
		: [
				"",
				paint(ui, "bold", m.sumTitle()),
				m.sumSucceeded({ n: s.succeeded }),
				m.sumSkipped({ n: s.skipped }),
				m.sumFailed({ n: s.failed }),
				...(s.parked > 0 ? [m.sumParked({ n: s.parked })] : []),
				m.sumRetries({ n: s.retries, recovered: s.successfulRetries }),
				m.sumTotal({ n: s.total }),
				m.sumRate({ rate: s.successRate === null ? null : formatPercent(s.successRate, 1, locale) }),
				m.sumDownloaded({ bytes, elapsed }),
			];
	if (s.stoppedBy === "quota") lines.push(m.sumStoppedQuota());
	if (s.stoppedBy === "interrupt") lines.push(m.sumStoppedInterrupt());
	if (s.stoppedBy === "disk") lines.push(m.sumStoppedDisk());
	if (s.stoppedBy === "outage") lines.push(m.sumStoppedOutage());
	if (s.failedListPath) lines.push(m.sumFailedList({ path: s.failedListPath }));
	if (s.rerun) lines.push(m.sumRerun({ command: shellLine(s.rerun) }));
	return lines.join("\n");
}
