import { type Dispatcher, request } from "undici";
import { parseRetryAfter } from "../core/retry-policy.js";
import type { Messages } from "../i18n/index.js";
import { drain } from "../platform/body.js";
import type { Clock } from "../platform/clock.js";
import type { WebhookKind } from "./payloads.js";

export interface DeliveryOptions {
	/** Per attempt: connect, headers and body together. SPEC: 10 s. */
	timeoutMs: number;
	/** Waits before the retries; SPEC: two retries. */
	retryDelaysMs: readonly number[];
	/** A webhook's 429 asks for this long at most; longer gives up. */
	maxRetryAfterMs?: number;
	clock: Clock;
	dispatcher?: Dispatcher;
	userAgent: string;
}

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

/** POST one JSON payload with a timeout, retries with back-off and a 429's Retry-After. Never throws. */
export async function deliver(
	hook: { kind: WebhookKind; url: string },
	index: number,
	payload: unknown,
	m: Messages,
	opts: DeliveryOptions,
): Promise<Delivery> {
	const label = hookLabel(hook.kind, index, hook.url);
	const body = JSON.stringify(payload);
	let attempts = 0;
	let status: number | null = null;
	let reason = "";
	for (;;) {
		attempts++;
		let waitMs: number | undefined;
		const ac = new AbortController();
		const timer = setTimeout(() => ac.abort(), opts.timeoutMs);
		try {
			const res = await request(hook.url, {
				method: "POST",
				headers: { "content-type": "application/json", "user-agent": opts.userAgent },
				body,
				signal: ac.signal,
				headersTimeout: opts.timeoutMs,
				bodyTimeout: opts.timeoutMs,
				...(opts.dispatcher ? { dispatcher: opts.dispatcher } : {}),
			});
			status = res.statusCode;
			const text = await drain(res); // a webhook's answer is read only up to 64 KiB
			if (status >= 200 && status < 300) return { hook: label, ok: true, attempts, status, reason: null };
			reason = m.notifyHttpStatus({ status });
			if (status === 429) {
				// Slack and Discord send Retry-After in seconds; Discord also retry_after in the JSON body
				waitMs = parseRetryAfter(res.headers["retry-after"]?.toString(), opts.clock.now());
				if (waitMs === undefined) {
					try {
						const after = (JSON.parse(text) as { retry_after?: unknown }).retry_after;
						if (typeof after === "number" && after >= 0) waitMs = after * 1000;
					} catch {}
				}
			} else if (status < 500 && status !== 408) {
				return { hook: label, ok: false, attempts, status, reason }; // 4xx: retrying will not help
			}
		} catch (e) {
			status = null;
			reason = ac.signal.aborted
				? m.notifyTimeout({ seconds: Math.round(opts.timeoutMs / 100) / 10 })
				: m.notifyNetwork({ code: (e as NodeJS.ErrnoException).code ?? (e as Error).name ?? "error" });
		} finally {
			clearTimeout(timer);
		}
		const next = opts.retryDelaysMs[attempts - 1];
		if (next === undefined) return { hook: label, ok: false, attempts, status, reason };
		const delay = Math.max(next, waitMs ?? 0);
		if (delay > (opts.maxRetryAfterMs ?? 60_000)) return { hook: label, ok: false, attempts, status, reason };
		await opts.clock.sleep(delay);
	}
}
