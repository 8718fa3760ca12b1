import { type Dispatcher, request } from "undici";
import { decideRetry, parseRetryAfter, webhookFailureKind } from "../core/retry-policy.js";
import type { ErrorKind } from "../errors.js";
import type { Messages } from "../i18n/index.js";
import { drain } from "../platform/body.js";
import type { Clock } from "../platform/clock.js";
import { first } from "../platform/headers.js";
import type { WebhookKind } from "./payloads.js";

export interface DeliveryOptions {
	/**
	 * Per attempt: connect, headers and body together. SPEC: 10 s. The deadline is a `clock.sleep`:
	 * a VirtualClock in auto mode reaches it as soon as the process is idle, so tests that want real
	 * answers use the system clock (or a clock that is advanced by hand).
	 */
	timeoutMs: number;
	/** Waits before the retries; SPEC: two retries. */
	retryDelaysMs: readonly number[];
	/** A webhook's 429 asks for this long at most; longer gives up. Default 60 s. */
	maxRetryAfterMs?: number;
	clock: Clock;
	dispatcher?: Dispatcher;
	userAgent: string;
}

/** A webhook that asks to wait longer than this (Retry-After) is given up on for this run. */
export const WEBHOOK_MAX_RETRY_AFTER_MS = 60_000;

export interface Delivery {
	/** "discord #1 (discord.com)": safe to print; the URL's path (its secret) never is. */
	hook: string;
	ok: boolean;
	attempts: number;
	status: number | null;
	/** Why it failed, in the run's language; null when it worked. */
	reason: string | null;
}

/** A webhook as people may see it: kind, position and host. The path and query are its secret. */
export function hookLabel(kind: WebhookKind, index: number, url: string): string {
	let host = "?";
	try {
		host = new URL(url).host;
	} catch {}
	return `${kind} #${index + 1} (${host})`;
}

/**
 * POST one JSON payload with a timeout, retries with back-off and a 429's Retry-After; whether and
 * when to retry is `decideRetry`'s call, as for downloads. Never throws.
 */
export async function deliver(
	hook: { kind: WebhookKind; url: string },
	index: number,
	payload: unknown,
	m: Messages,
	opts: DeliveryOptions,
): Promise<Delivery> {
	const label = hookLabel(hook.kind, index, hook.url);
	const body = JSON.stringify(payload);
	const maxRetryAfterMs = opts.maxRetryAfterMs ?? WEBHOOK_MAX_RETRY_AFTER_MS;
	for (let attempts = 1; ; attempts++) {
		const a = await attempt(hook.url, body, m, opts);
		if (a.ok) return { hook: label, ok: true, attempts, status: a.status, reason: null };
		const decision = decideRetry(a.failure, attempts - 1, opts.retryDelaysMs, maxRetryAfterMs);
		if (!decision.retry) return { hook: label, ok: false, attempts, status: a.status, reason: a.reason };
		await opts.clock.sleep(decision.delayMs);
	}
}

type Attempt =
	| { ok: true; status: number }
	| { ok: false; status: number | null; reason: string; failure: { kind: ErrorKind; retryAfterMs?: number } };

const UNDICI_TIMEOUTS = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/** One POST, ended by the clock's deadline (undici's own timeouts guard the socket too). */
async function attempt(url: string, body: string, m: Messages, opts: DeliveryOptions): Promise<Attempt> {
	const deadline = new AbortController();
	const settled = new AbortController();
	opts.clock.sleep(opts.timeoutMs, settled.signal).then(
		() => deadline.abort(),
		() => {}, // the attempt settled first
	);
	try {
		const res = await request(url, {
			method: "POST",
			headers: { "content-type": "application/json", "user-agent": opts.userAgent },
			body,
			signal: deadline.signal,
			headersTimeout: opts.timeoutMs,
			bodyTimeout: opts.timeoutMs,
			...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
		});
		const status = res.statusCode;
		const text = await drain(res); // a webhook's answer is read only up to 64 KiB
		if (status >= 200 && status < 300) return { ok: true, status };
		const retryAfterMs = status === 429 ? askedWait(first(res.headers["retry-after"]), text, opts.clock.now()) : undefined;
		const failure = { kind: webhookFailureKind(status), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
		return { ok: false, status, reason: m.notifyHttpStatus({ status }), failure };
	} catch (e) {
		const code = (e as NodeJS.ErrnoException).code;
		const reason =
			deadline.signal.aborted || UNDICI_TIMEOUTS.has(code ?? "")
				? m.notifyTimeout({ seconds: Math.round(opts.timeoutMs / 100) / 10 })
				: m.notifyNetwork({ code: code ?? (e as Error).name ?? "error" });
		return { ok: false, status: null, reason, failure: { kind: "network" } };
	} finally {
		settled.abort();
	}
}

/** Slack and Discord send Retry-After in seconds; Discord also `retry_after` in the JSON body. */
function askedWait(header: string | undefined, text: string, nowMs: number): number | undefined {
	const fromHeader = parseRetryAfter(header, nowMs);
	if (fromHeader !== undefined) return fromHeader;
	try {
		const after = (JSON.parse(text) as { retry_after?: unknown }).retry_after;
		if (typeof after === "number" && after >= 0) return after * 1000;
	} catch {}
	return undefined;
}
