import { formatBytes, formatCountdown, formatDuration, formatPercent, formatSpeed } from "../core/format.js";
import { emptySummary, type RunSummary, tally } from "../core/summary.js";
import type { RunEvent } from "../download/events.js";
import type { ErrorKind } from "../errors.js";
import { lineOf, type Out, planTotals, tallyPlan } from "./render.js";
import { fit, stripAnsi, widthOf } from "./text-width.js";
import { paint, type Ui } from "./ui.js";

/** One active download as the bars show it. */
export interface BarState {
	index: number;
	name: string;
	bytes: number;
	total: number | null;
	/** Speed over the last few seconds, bytes/s. */
	speed: number;
	/** Retrying: why, when, which. */
	retry: { kind: ErrorKind; until: number; retry: number; max: number } | null;
	connecting: boolean;
}

export interface LiveState {
	bars: BarState[];
	total: number;
	succeeded: number;
	skipped: number;
	failed: number;
	/** Parked (quota, outage, full disk, Ctrl-C): left for the failed list, not failed. */
	parked: number;
	bytes: number;
	startedAt: number;
	pacingUntil: number | null;
}

function why(kind: ErrorKind, ui: Ui): string {
	const { m } = ui;
	return kind === "rate_limited"
		? m.liveWhyRateLimited()
		: kind === "slow"
			? m.liveWhySlow()
			: kind === "network"
				? m.liveWhyNetwork()
				: m.liveWhyOther();
}

/**
 * The screen, as lines no wider than `width`: one bar per active download, then the overall line.
 * Pure, for table tests; `now` drives the countdowns.
 */
export function frame(s: LiveState, width: number, now: number, ui: Ui): string[] {
	const { m, locale } = ui;
	const lines: string[] = [];
	const narrow = width < 60;
	for (const b of s.bars) {
		if (b.retry) {
			const status = m.liveRetrying({
				why: why(b.retry.kind, ui),
				countdown: formatCountdown(b.retry.until - now),
				retry: b.retry.retry,
				max: b.retry.max,
			});
			const nameW = Math.min(40, Math.max(8, width - widthOf(status) - 2));
			lines.push(`${fit(b.name, nameW, true)}  ${paint(ui, "yellow", fit(status, width - nameW - 2))}`);
			continue;
		}
		const pct = formatPercent(b.bytes, b.total, locale);
		const sizes = `${formatBytes(b.bytes, locale)}/${b.total === null ? "?" : formatBytes(b.total, locale)}`;
		const speed = b.connecting ? m.liveConnecting() : formatSpeed(b.speed, locale);
		const eta = b.total !== null && b.speed > 0 ? formatCountdown(((b.total - b.bytes) / b.speed) * 1000) : "--:--";
		const tail = ` ${pct.padStart(6)}  ${sizes.padStart(19)}  ${speed.padStart(11)}  ${eta.padStart(7)}`;
		const room = width - widthOf(tail);
		if (narrow || room < 20) {
			const short = ` ${pct.padStart(6)} ${speed}`;
			lines.push(fit(b.name, Math.max(4, width - widthOf(short))) + fit(short, width - 4));
			continue;
		}
		const nameW = Math.min(40, Math.max(10, Math.floor(room * 0.45)));
		const barW = Math.max(5, room - nameW - 3);
		const filled = b.total ? Math.min(barW, Math.floor((b.bytes / b.total) * barW)) : 0;
		const bar = `[${paint(ui, "cyan", "#".repeat(filled))}${"-".repeat(barW - filled)}]`;
		lines.push(`${fit(b.name, nameW, true)} ${bar}${tail}`);
	}
	const done = s.succeeded + s.skipped + s.failed + s.parked;
	let overall = m.liveOverall({
		done,
		total: s.total,
		succeeded: s.succeeded,
		skipped: s.skipped,
		failed: s.failed,
		parked: s.parked,
		bytes: formatBytes(s.bytes, locale),
		elapsed: formatDuration(now - s.startedAt, locale),
	});
	if (s.pacingUntil !== null && s.pacingUntil > now) overall += ` | ${m.livePacing({ countdown: formatCountdown(s.pacingUntil - now) })}`;
	lines.push(paint(ui, "dim", fit(overall, width)));
	return lines;
}

/** Speed over the last few seconds from progress samples. */
class SpeedWindow {
	private samples: [number, number][] = [];
	constructor(private readonly windowMs = 3000) {}
	add(t: number, bytes: number): number {
		this.samples.push([t, bytes]);
		while (this.samples.length > 2 && t - this.samples[0]![0] > this.windowMs) this.samples.shift();
		const [t0, b0] = this.samples[0]!;
		return t > t0 ? ((bytes - b0) * 1000) / (t - t0) : 0;
	}
}

/**
 * Live bars on a terminal. Messages (done, failed, retries, warnings) print above the bars, which
 * are then redrawn, so the screen is never corrupted; the summary stays on the final screen.
 */
export class LiveDisplay {
	private readonly state: LiveState;
	private readonly speeds = new Map<number, SpeedWindow>();
	private drawn: string[] = [];
	private timer: NodeJS.Timeout | undefined;
	private readonly plan = { download: 0, bytes: 0, unknown: 0, skip: 0 };
	/** The run's totals, counted as the engine counts them. */
	private readonly counts: RunSummary = emptySummary();

	constructor(
		private readonly out: Out,
		private readonly ui: Ui,
		private readonly opts: { quiet: boolean; verbose: boolean; dryRun: boolean; fps?: number },
	) {
		this.state = { bars: [], total: 0, succeeded: 0, skipped: 0, failed: 0, parked: 0, bytes: 0, startedAt: out.now(), pacingUntil: null };
	}

	private width(): number {
		return Math.max(20, (this.out.stdout.columns || 80) - 1);
	}

	/** Rows the last frame takes: a line the terminal wrapped (it was narrowed since) takes several. */
	private rowsDrawn(): number {
		const columns = this.out.stdout.columns || 80;
		return this.drawn.reduce((n, l) => n + Math.max(1, Math.ceil(widthOf(stripAnsi(l)) / columns)), 0);
	}

	/** Back to the frame's first row. The old frame is overwritten line by line, never cleared at once:
	 * a full-screen erase pushes the screen into the scrollback on some terminals (tmux). */
	private up(): string {
		const rows = this.rowsDrawn();
		return rows > 0 ? `\x1b[${rows}F` : "";
	}

	private draw(): void {
		const lines = frame(this.state, this.width(), this.out.now(), this.ui);
		this.out.stdout.write(`${this.up()}${lines.map((l) => `\x1b[2K${l}\x1b[K\n`).join("")}\x1b[J`);
		this.drawn = lines;
	}

	/** Print lines above the bars, then redraw them. Errors go to stderr, which shares the terminal. */
	private print(line: { out?: string; err?: string } | null): void {
		if (!line) return;
		const erase = (text: string) =>
			text
				.split("\n")
				.map((l) => `\x1b[2K${l}\x1b[K\n`)
				.join("");
		this.out.stdout.write(this.up());
		this.drawn = [];
		if (line.out !== undefined) this.out.stdout.write(erase(line.out));
		if (line.err !== undefined) this.out.stderr.write(erase(line.err));
		if (this.timer) this.draw();
		else this.out.stdout.write("\x1b[J");
	}

	private start(): void {
		if (this.timer || this.opts.dryRun) return;
		this.out.stdout.write("\x1b[?25l");
		this.timer = setInterval(() => this.draw(), 1000 / (this.opts.fps ?? 8));
		this.timer.unref();
		this.draw();
	}

	/** Stop drawing; the bars vanish and the cursor comes back. */
	stop(): void {
		if (this.timer) clearInterval(this.timer);
		this.timer = undefined;
		this.out.stdout.write(`${this.up()}\x1b[J\x1b[?25h`);
		this.drawn = [];
	}

	private bar(index: number): BarState | undefined {
		return this.state.bars.find((b) => b.index === index);
	}

	private drop(index: number): void {
		this.state.bars = this.state.bars.filter((b) => b.index !== index);
		this.speeds.delete(index);
	}

	/** The overall line's numbers from the totals (parked items apart from failed ones, as in the summary). */
	private count(e: RunEvent): void {
		const c = tally(this.counts, e);
		const { total, succeeded, skipped, failed, parked, bytes } = c;
		Object.assign(this.state, { total, succeeded, skipped, failed, parked, bytes });
	}

	readonly onEvent = (e: RunEvent): void => {
		const s = this.state;
		const now = this.out.now();
		this.count(e);
		switch (e.type) {
			case "run_start":
				this.start();
				return;
			case "item_start": {
				s.pacingUntil = null;
				const b = this.bar(e.index);
				if (b) Object.assign(b, { retry: null, connecting: true, bytes: e.resumeFrom, total: e.sizeBytes });
				else
					s.bars.push({ index: e.index, name: e.name, bytes: e.resumeFrom, total: e.sizeBytes, speed: 0, retry: null, connecting: true });
				this.speeds.set(e.index, new SpeedWindow());
				if (this.opts.verbose) this.print(lineOf(e, this.ui, this.opts));
				return;
			}
			case "progress": {
				const b = this.bar(e.index);
				if (!b) return;
				b.connecting = false;
				b.bytes = e.bytes;
				b.total = e.totalBytes;
				b.speed = this.speeds.get(e.index)?.add(now, e.bytes) ?? e.bytesPerSecond;
				return;
			}
			case "retry": {
				let b = this.bar(e.index);
				if (!b) {
					b = { index: e.index, name: e.name, bytes: 0, total: null, speed: 0, retry: null, connecting: false };
					s.bars.push(b);
				}
				b.retry = { kind: e.kind, until: now + e.delayMs, retry: e.retry, max: e.maxRetries };
				this.print(lineOf(e, this.ui, this.opts));
				return;
			}
			case "wait":
				s.pacingUntil = now + e.delayMs;
				return;
			case "done":
				this.drop(e.index);
				this.print(lineOf(e, this.ui, this.opts));
				return;
			case "skip":
				this.print(lineOf(e, this.ui, this.opts));
				return;
			case "fail":
				this.drop(e.index);
				this.print(lineOf(e, this.ui, this.opts));
				return;
			case "plan":
				tallyPlan(this.plan, e);
				this.print(lineOf(e, this.ui, this.opts));
				return;
			case "summary":
				this.stop();
				this.out.stdout.write(`${this.opts.dryRun ? planTotals(this.plan, e.summary, this.ui) : lineOf(e, this.ui, this.opts)?.out}\n`);
				return;
			default:
				this.print(lineOf(e, this.ui, this.opts));
		}
	};
}
