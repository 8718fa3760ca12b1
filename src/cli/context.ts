// What every command gets, and nothing heavy: the commands' registration (and so `--help`) imports this.
// What their actions share (settings, history rows, notifier, display) is in context-run.ts, loaded with them.
import type { RunSummary } from "../core/summary.js";
import { intlLocale, type Lang, type Messages } from "../i18n/index.js";
import type { Clock } from "../platform/clock.js";
import type { HttpContext } from "../platform/http.js";
import type { CommonOpts } from "./options.js";
import { type Ui, useColor } from "./ui.js";

export interface Io {
	stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & { isTTY?: boolean };
	env: NodeJS.ProcessEnv;
	cwd: string;
	/** Aborted on Ctrl-C. */
	signal: AbortSignal;
	/** The one clock of the run (bin.ts passes the system clock; tests may pass a virtual one). */
	clock?: Clock;
}

export interface Result {
	code: number;
	summary?: RunSummary;
	/** Where `report` wrote the page. */
	reportPath?: string;
}

/** What every command gets: the streams, the language it speaks, and where its exit code goes. */
export interface Ctx {
	io: Io;
	lang: Lang;
	m: Messages;
	/** Every reading of the time and every wait goes through it; made once, in main. */
	clock: Clock;
	result: Result;
	/**
	 * The process's one HTTP context (through the proxy the environment names, if any), made by main
	 * on first use (a command that asks nothing of the network loads no HTTP client) and closed by it.
	 */
	http(): Promise<HttpContext>;
}

export function uiFor(ctx: Ctx, opts: CommonOpts): Ui {
	return { m: ctx.m, locale: intlLocale(ctx.lang), color: useColor(ctx.io.stdout.isTTY, ctx.io.env, opts.color) };
}

/** One NDJSON line: the event with its `time` (docs/commands.md, "NDJSON events": every event has `type` and `time`). The one place NDJSON is made. */
export function ndjson<E extends { readonly type: string }>(event: E, nowMs: number): string {
	return `${JSON.stringify({ ...event, time: new Date(nowMs).toISOString() })}\n`;
}

/** One NDJSON event on stdout, with its `time` from the run's clock. */
export function jsonLine(ctx: Pick<Ctx, "io" | "clock">, event: { type: string } & Record<string, unknown>): void {
	ctx.io.stdout.write(ndjson(event, ctx.clock.now()));
}

/** A warning: on stderr for people, as an NDJSON `warning` event with --json. */
export function warn(ctx: Ctx, opts: CommonOpts, message: string): void {
	if (opts.json) jsonLine(ctx, { type: "warning", message });
	else ctx.io.stderr.write(`${ctx.m.warning({ message })}\n`);
}
