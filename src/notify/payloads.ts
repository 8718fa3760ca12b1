import { formatBytes, formatDuration } from "../core/format.js";
import { shellLine } from "../core/run-log.js";
import type { RunSummary } from "../core/summary.js";
import type { Messages } from "../i18n/index.js";

/** When a webhook fires. The end of a run is exactly one of finished / failed / parked. */
export type NotifyEvent = "finished" | "failed" | "parked" | "item_failed" | "outdated";
export type WebhookKind = "discord" | "slack" | "json";

export interface Webhook {
	kind: WebhookKind;
	url: string;
	on: NotifyEvent[];
}

/** What a message is about: the end of a run, one failed item, or `notify test`. */
export type Occasion =
	/** `reportPath`: the library's report page beside the history, when there is one (issue 29). */
	| { type: "run"; summary: RunSummary; reportPath?: string }
	| { type: "item_failed"; name: string; kind: string; message: string }
	| { type: "test" };

/** finished: nothing failed; failed: something failed or the run was interrupted; parked: quota, outage or full disk stopped it. */
export function runOutcome(s: Pick<RunSummary, "failed" | "parked" | "stoppedBy">): Exclude<NotifyEvent, "item_failed"> {
	if (s.stoppedBy === "quota" || s.stoppedBy === "disk" || s.stoppedBy === "outage") return "parked";
	return s.failed > 0 || s.parked > 0 || s.stoppedBy === "interrupt" ? "failed" : "finished";
}

export function eventOf(o: Occasion): NotifyEvent | "test" {
	return o.type === "run" ? runOutcome(o.summary) : o.type;
}

/** Discord's documented limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = { content: 2000, title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25, total: 6000 };
/** Slack truncates `text` past 40,000 characters; keep a message readable well below it. */
export const SLACK_TEXT_LIMIT = 3000;
/** How many failures a message lists before "…and N more". */
export const MAX_LISTED_FAILURES = 10;

export function truncate(s: string, max: number): string {
	const chars = [...s];
	return chars.length <= max ? s : `${chars.slice(0, max - 1).join("")}…`;
}

interface Text {
	title: string;
	counts: string;
	totals: string | null;
	failures: string[];
	/** How many failures there are in all (`failures` lists the first ones). */
	failureCount: number;
	failedList: string[];
}

/** One failure line at most this long, so that one odd name cannot crowd out the rest. */
const MAX_LINE = 300;

/**
 * The failure lines that fit in `budget` characters together with "…and N more" and the
 * trailing lines (the failed list and how to re-run it), which are always kept.
 */
export function fitLines(t: Text, m: Messages, budget: number, bullet: (line: string) => string): string[] {
	const tail = t.failedList;
	const used = (lines: string[]) => lines.reduce((n, l) => n + [...l].length + 1, 0);
	const out: string[] = [];
	for (const f of t.failures) {
		const line = bullet(truncate(f, MAX_LINE));
		const more = m.notifyMoreFailures({ count: t.failureCount - out.length - 1 });
		if (used([...out, line, more, ...tail]) > budget) break;
		out.push(line);
	}
	if (out.length < t.failureCount) out.push(m.notifyMoreFailures({ count: t.failureCount - out.length }));
	return [...out, ...tail];
}

/**
 * Discord markdown in text from outside (a file name, a server's error message): a backslash
 * before every character that can format, quote, mention or link, so that `[Click here](http://x)`
 * shows as typed and a bare `http://` is not made a link
 * (https://support.discord.com/hc/en-us/articles/210298617).
 */
export function discordEscape(s: string): string {
	return s.replace(/[\\*_~`|>#\-[\]()<:@!]/g, "\\$&");
}

/** The message's words; `esc` is applied to each piece of outside text (names and error messages). */
function textOf(o: Occasion, m: Messages, host: string, esc: (s: string) => string = (s) => s): Text {
	if (o.type === "test")
		return { title: m.notifyTitleTest({ host }), counts: "", totals: null, failures: [], failureCount: 0, failedList: [] };
	if (o.type === "item_failed") {
		return {
			title: m.notifyTitleItemFailed({ host, name: esc(o.name), kind: o.kind }),
			counts: "",
			totals: null,
			// the title names the item and its kind: the line under it says why, once
			failures: [esc(o.message)],
			failureCount: 1,
			failedList: [],
		};
	}
	const s = o.summary;
	const outcome = runOutcome(s);
	const title =
		s.stoppedBy === "interrupt"
			? m.notifyTitleInterrupted({ host })
			: s.stoppedBy === "disk"
				? m.notifyTitleDiskFull({ host })
				: s.stoppedBy === "outage"
					? m.notifyTitleOutage({ host, parked: s.parked })
					: outcome === "parked"
						? m.notifyTitleParked({ host, parked: s.parked })
						: outcome === "failed"
							? m.notifyTitleFailed({ host, failed: s.failed })
							: m.notifyTitleFinished({ host });
	return {
		title,
		counts: m.notifyCounts(s),
		totals: m.notifyTotals({
			bytes: formatBytes(s.bytes),
			elapsed: formatDuration(s.elapsedMs),
			rate: s.successRate === null ? m.notApplicable() : `${(s.successRate * 100).toFixed(1)}%`,
		}),
		failures: s.failures
			.slice(0, MAX_LISTED_FAILURES)
			.map((f) => m.notifyFailureLine({ name: esc(f.name), kind: f.kind, message: esc(f.message) })),
		failureCount: s.failures.length,
		failedList: [
			...(s.failedListPath ? [m.notifyFailedList({ path: s.failedListPath })] : []),
			...(s.rerun ? [m.notifyRerun({ command: shellLine(s.rerun) })] : []),
			...(o.reportPath ? [m.notifyReport({ path: o.reportPath })] : []),
		],
	};
}

const COLOURS = {
	finished: 0x2ecc71,
	failed: 0xe74c3c,
	parked: 0xe67e22,
	item_failed: 0xe74c3c,
	outdated: 0x3498db,
	test: 0x3498db,
} as const;

/**
 * Discord: `{content, embeds}`; mentions in model names are never pinged, links in them never made.
 * Each thing is said once (issue 27, point 20): the title is the message's text (what a notification
 * shows), the embed holds the rest (the counts as fields, the failures); a test has no embed.
 */
export function discordPayload(o: Occasion, m: Messages, host: string): Record<string, unknown> {
	const t = textOf(o, m, host, discordEscape);
	const embed: Record<string, unknown> = { color: COLOURS[eventOf(o)] };
	// the embed's total (title + description + fields) must stay under 6000: give the description 3000
	const description = fitLines(t, m, 3000, (f) => `• ${f}`).join("\n");
	if (description) embed.description = truncate(description, DISCORD_LIMITS.description);
	if (o.type === "run") {
		const s = o.summary;
		const field = (name: string, value: string) => ({
			name: truncate(name, DISCORD_LIMITS.fieldName),
			value: truncate(value, DISCORD_LIMITS.fieldValue),
			inline: true,
		});
		embed.fields = [
			field(m.labelSucceeded(), String(s.succeeded)),
			field(m.labelSkipped(), String(s.skipped)),
			field(m.labelFailed(), String(s.failed)),
			field(m.labelParked(), String(s.parked)),
			field(m.labelRetries(), String(s.retries)),
			field(m.labelDownloaded(), formatBytes(s.bytes)),
			field(m.labelElapsed(), formatDuration(s.elapsedMs)),
			field(m.labelSuccessRate(), s.successRate === null ? m.notApplicable() : `${(s.successRate * 100).toFixed(1)}%`),
		];
	}
	const said = embed.description !== undefined || embed.fields !== undefined;
	return {
		content: truncate(t.title, DISCORD_LIMITS.content),
		embeds: said ? [embed] : [],
		allowed_mentions: { parse: [] },
	};
}

/** Slack mrkdwn needs &, < and > escaped (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function slackEscape(s: string): string {
	return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Slack: `{text}` in mrkdwn with the same content as Discord's. Every line is escaped whole, so a
 * link (`<url|text>`), a mention (`<!channel>`) or an entity in outside text shows as typed.
 */
export function slackPayload(o: Occasion, m: Messages, host: string): Record<string, unknown> {
	const t = textOf(o, m, host);
	const head = [
		`*${slackEscape(truncate(t.title, 500))}*`,
		...(t.counts ? [slackEscape(t.counts)] : []),
		...(t.totals ? [slackEscape(t.totals)] : []),
	];
	const budget = SLACK_TEXT_LIMIT - head.join("\n").length - 1;
	const body = fitLines(t, m, budget / 1.3, (f) => `• ${f}`).map(slackEscape); // escaping may grow a line
	return { text: truncate([...head, ...body].join("\n"), SLACK_TEXT_LIMIT) };
}

/** `kind: "json"`: the summary object of the NDJSON `summary` event, plus the failed items. */
export function jsonPayload(o: Occasion, m: Messages, host: string): Record<string, unknown> {
	const base = { source: "civitai-dl", host, event: eventOf(o), title: textOf(o, m, host).title };
	if (o.type === "run")
		return { ...base, summary: o.summary, failed: o.summary.failures, ...(o.reportPath ? { reportPath: o.reportPath } : {}) };
	if (o.type === "item_failed") return { ...base, failed: [{ name: o.name, kind: o.kind, message: o.message }] };
	return base;
}

export function payloadFor(kind: WebhookKind, o: Occasion, m: Messages, host: string): Record<string, unknown> {
	return kind === "discord" ? discordPayload(o, m, host) : kind === "slack" ? slackPayload(o, m, host) : jsonPayload(o, m, host);
}

/** Whether a webhook wants this occasion (`notify test` goes to every webhook). */
export function wants(hook: Pick<Webhook, "on">, o: Occasion): boolean {
	const e = eventOf(o);
	return e === "test" || hook.on.includes(e);
}
