/** The live display's frame: what one draw shows, as lines for a width (pure, for table tests). */
import { formatBytes, formatCountdown, formatDuration, formatPercent, formatSpeed } from "../core/format.js";
import type { ErrorKind } from "../errors.js";
import { fit, widthOf } from "./text-width.js";
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
	/** Bytes of the finished downloads (the running ones' are in their bars). */
	bytes: number;
	startedAt: number;
	pacingUntil: number | null;
	/** The widest name shown so far: the name column grows with it, never shrinks, so the bars hold still. */
	nameWidth: number;
	/** Bytes still to download (the running downloads' included, what they have already excluded); null: unknown. */
	remaining: number | null;
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

/** A bar's numbers, in the order they are shown, with their columns (a gap before each included). */
const FIELDS = { pct: 7, sizes: 21, speed: 13, eta: 9 } as const;
type Field = keyof typeof FIELDS;
/** The order in which the numbers get room when the line is short: percent, ETA, speed, then the sizes. */
const FIELD_PRIORITY: Field[] = ["pct", "eta", "speed", "sizes"];
const BAR_MIN = 10;
const BAR_MAX = 40;

/** The columns of every bar line at this width (issue 27, point 16): the name first, then the bar, then the numbers. */
export interface BarLayout {
	name: number;
	/** The bar with its brackets; 0: no bar. */
	bar: number;
	fields: Set<Field>;
}

export function barLayout(width: number, nameWidth: number): BarLayout {
	const name = Math.max(1, Math.min(nameWidth, Math.max(8, Math.floor(width * 0.45)), 60, width));
	let left = width - name;
	let bar = left >= BAR_MIN + 1 ? BAR_MIN : 0;
	left -= bar > 0 ? bar + 1 : 0;
	const fields = new Set<Field>();
	for (const f of FIELD_PRIORITY) {
		if (left < FIELDS[f]) break;
		fields.add(f);
		left -= FIELDS[f];
	}
	if (bar > 0) bar += Math.min(left, BAR_MAX - bar);
	return { name, bar, fields };
}

/** One download's line in its layout: every part at its fixed width, so nothing moves between frames. */
function barLine(b: BarState, l: BarLayout, ui: Ui): string {
	const { m, locale } = ui;
	const parts = [fit(b.name, l.name, true)];
	if (l.bar > 0) {
		const inner = l.bar - 2;
		const filled = b.total ? Math.min(inner, Math.floor((b.bytes / b.total) * inner)) : 0;
		parts.push(` [${paint(ui, "cyan", "#".repeat(filled))}${"-".repeat(inner - filled)}]`);
	}
	const text: Record<Field, () => string> = {
		pct: () => formatPercent(b.bytes, b.total, locale),
		sizes: () => `${formatBytes(b.bytes, locale)}/${b.total === null ? "?" : formatBytes(b.total, locale)}`,
		speed: () => (b.connecting ? m.liveConnecting() : formatSpeed(b.speed, locale)),
		eta: () => (b.total !== null && b.speed > 0 ? formatCountdown(((b.total - b.bytes) / b.speed) * 1000) : "--:--"),
	};
	for (const f of ["pct", "sizes", "speed", "eta"] as Field[]) {
		if (!l.fields.has(f)) continue;
		const w = FIELDS[f] - (f === "pct" ? 1 : 2);
		const t = fit(text[f](), w);
		parts.push(`${f === "pct" ? " " : "  "}${" ".repeat(w - widthOf(t))}${t}`);
	}
	return parts.join("");
}

/**
 * The overall line: the pieces that fit, the least needed left out first (elapsed time, then skipped,
 * then the ETA), never a word cut short.
 */
function overallLine(s: LiveState, width: number, now: number, ui: Ui): string {
	const { m, locale } = ui;
	const running = s.bars.reduce((n, b) => n + b.bytes, 0);
	const speed = s.bars.reduce((n, b) => n + (b.retry ? 0 : b.speed), 0);
	const done = s.succeeded + s.skipped + s.failed + s.parked;
	const pieces: { text: string; drop: number }[] = [
		{ text: m.liveItems({ done, total: s.total }), drop: 99 },
		{ text: m.liveOk({ n: s.succeeded }), drop: 98 },
		{ text: m.liveSkipped({ n: s.skipped }), drop: 2 },
		{ text: m.liveFailed({ n: s.failed }), drop: 97 },
		...(s.parked > 0 ? [{ text: m.liveParked({ n: s.parked }), drop: 96 }] : []),
		{ text: formatBytes(s.bytes + running, locale), drop: 4 },
		...(s.remaining !== null && s.remaining > 0 && speed > 0
			? [{ text: m.liveEta({ eta: formatCountdown((s.remaining / speed) * 1000) }), drop: 3 }]
			: []),
		...(s.pacingUntil !== null && s.pacingUntil > now
			? [{ text: m.livePacing({ countdown: formatCountdown(s.pacingUntil - now) }), drop: 95 }]
			: []),
		{ text: formatDuration(now - s.startedAt, locale), drop: 1 },
	];
	const line = () => pieces.map((p) => p.text).join(" | ");
	while (widthOf(line()) > width && pieces.length > 1) {
		const least = pieces.reduce((a, p) => (p.drop < a.drop ? p : a));
		pieces.splice(pieces.indexOf(least), 1);
	}
	return fit(line(), width);
}

/**
 * The screen, as lines no wider than `width`: one bar per active download, then the overall line.
 * Pure, for table tests; `now` drives the countdowns.
 */
export function frame(s: LiveState, width: number, now: number, ui: Ui): string[] {
	const { m } = ui;
	const layout = barLayout(width, Math.max(s.nameWidth, ...s.bars.map((b) => widthOf(b.name))));
	const lines: string[] = [];
	for (const b of s.bars) {
		if (!b.retry) {
			lines.push(barLine(b, layout, ui));
			continue;
		}
		const status = m.liveRetrying({
			why: why(b.retry.kind, ui),
			countdown: formatCountdown(b.retry.until - now),
			retry: b.retry.retry,
			max: b.retry.max,
		});
		const rest = width - layout.name - 2;
		lines.push(rest > 0 ? `${fit(b.name, layout.name, true)}  ${paint(ui, "yellow", fit(status, rest))}` : fit(b.name, width));
	}
	lines.push(paint(ui, "dim", overallLine(s, width, now, ui)));
	return lines;
}
