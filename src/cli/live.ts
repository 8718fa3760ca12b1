import { emptySummary, type RunSummary, tally } from "../core/summary.js";
import type { RunEvent } from "../download/events.js";
import { type BarState, frame, type LiveState } from "./live-frame.js";
import { lineOf, type Out, planTotals, tallyPlan } from "./render.js";
import { stripAnsi, widthOf } from "./text-width.js";
import type { Ui } from "./ui.js";

export { type BarState, frame, type LiveState } from "./live-frame.js";

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
	/** The size of each item not ended yet (null: not known), for the overall ETA. */
	private readonly sizes = new Map<number, number | null>();
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
		this.state = {
			bars: [],
			total: 0,
			succeeded: 0,
			skipped: 0,
			failed: 0,
			parked: 0,
			bytes: 0,
			startedAt: out.now(),
			pacingUntil: null,
			nameWidth: 0,
			remaining: null,
		};
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

	/** Bytes still to download: the sizes of the items not ended, less what the running ones have; null when one is unknown. */
	private remaining(): number | null {
		let left = 0;
		for (const size of this.sizes.values()) {
			if (size === null) return null;
			left += size;
		}
		return Math.max(0, left - this.state.bars.reduce((n, b) => n + (this.sizes.has(b.index) ? b.bytes : 0), 0));
	}

	private draw(): void {
		this.state.remaining = this.remaining();
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

	/** A bar's name widens the name column (it never narrows during a run: the bars hold still). */
	private named(name: string): void {
		this.state.nameWidth = Math.max(this.state.nameWidth, widthOf(name));
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
				for (const it of e.items) this.sizes.set(it.index, it.sizeBytes);
				this.start();
				return;
			case "item_start": {
				s.pacingUntil = null;
				this.sizes.set(e.index, e.sizeBytes);
				this.named(e.name);
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
					this.named(e.name);
				}
				b.retry = { kind: e.kind, until: now + e.delayMs, retry: e.retry, max: e.maxRetries };
				this.print(lineOf(e, this.ui, this.opts));
				return;
			}
			case "wait":
				s.pacingUntil = now + e.delayMs;
				return;
			case "done":
				this.sizes.delete(e.index);
				this.drop(e.index);
				this.print(lineOf(e, this.ui, this.opts));
				return;
			case "skip":
				this.sizes.delete(e.index);
				this.print(lineOf(e, this.ui, this.opts));
				return;
			case "fail":
				this.sizes.delete(e.index);
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
