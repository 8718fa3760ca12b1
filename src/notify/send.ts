import { request } from "undici";
import { decideRetry, parseRetryAfter, webhookFailureKind } from "../core/retry-policy.js";
import { DownloadError, wordsOf } from "../errors.js";
import type { Messages } from "../i18n/index.js";
import { msg } from "../i18n/msg.js";
import { drain } from "../platform/body.js";
import { first } from "../platform/headers.js";
import { deadline, type HttpContext } from "../platform/http.js";
import { oneLadder, retrying } from "../requests/retry.js";
import type { WebhookKind } from "./payloads.js";

export interface DeliveryOptions {
	/** Per attempt: connect, headers and body together. SPEC: 10 s. Measured on the context's clock. */
	timeoutMs: number;
	/** Waits before the retries; SPEC: two retries. */
	retryDelaysMs: readonly number[];
	/** A webhook's 429 asks for this long at most; longer gives up. Default 60 s. */
	maxRetryAfterMs?: number;
	/** The process's HTTP context (dispatcher, User-Agent, clock). */
	http: HttpContext;
	/** Ends a delivery at once, its wait for a retry too (Ctrl-C). */
	signal?: AbortSignal | undefined;
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
 * POST one JSON payload with a timeout, retries with back-off and a 429's Retry-After: the gateway's
 * one retry executor runs it, on the webhook's own ladder (`decideRetry` decides, as for downloads).
 * Never throws (an abort ends it as a failed delivery).
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
	let attempts = 0;
	try {
		const status = await retrying(
			() => {
				attempts++;
				return attempt(hook.url, body, opts);
			},
			{
				clock: opts.http.clock,
				signal: opts.signal,
				ladders: { seedMs: opts.retryDelaysMs, networkMs: [] },
				decide: oneLadder((f, soFar, delays) => decideRetry(f, soFar, delays, maxRetryAfterMs)),
			},
		);
		return { hook: label, ok: true, attempts, status, reason: null };
	} catch (e) {
		const reason = wordsOf(e, m); // a typed failure, or the interrupt that ended it
		const status = e instanceof DownloadError ? (e.status ?? null) : null;
		return { hook: label, ok: false, attempts, status, reason };
	}
}

const UNDICI_TIMEOUTS = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/** One POST, ended by the clock's deadline (undici's own timeouts guard the socket too): its status, or a typed failure. */
async function attempt(url: string, body: string, opts: DeliveryOptions): Promise<number> {
	const limit = deadline(opts.http.clock, opts.timeoutMs, opts.signal);
	try {
		const res = await request(url, {
			method: "POST",
			headers: { "content-type": "application/json", "user-agent": opts.http.userAgent },
			body,
			signal: limit.signal,
			headersTimeout: opts.timeoutMs,
			bodyTimeout: opts.timeoutMs,
			dispatcher: opts.http.dispatcher,
		});
		const status = res.statusCode;
		const text = await drain(res); // a webhook's answer is read only up to 64 KiB
		if (status >= 200 && status < 300) return status;
		const retryAfterMs = status === 429 ? askedWait(first(res.headers["retry-after"]), text, opts.http.clock.now()) : undefined;
		throw new DownloadError(webhookFailureKind(status), msg("notifyHttpStatus", { status }), {
			status,
			...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
		});
	} catch (e) {
		if (e instanceof DownloadError) throw e;
		const code = (e as NodeJS.ErrnoException).code;
		const why =
			limit.expired() || UNDICI_TIMEOUTS.has(code ?? "")
				? msg("notifyTimeout", { seconds: Math.round(opts.timeoutMs / 100) / 10 })
				: msg("notifyNetwork", { code: code ?? (e as Error).name ?? "error" });
		throw new DownloadError("network", why, { cause: e });
	} finally {
		limit.stop();
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
