import type { Dispatcher } from "undici";
import type { Clock } from "../src/platform/clock.js";
import { openHttp } from "../src/platform/http.js";
import { type RequestSettings, Requests } from "../src/requests/requests.js";

/**
 * A gateway for a test: over an HTTP context of its own (closed by `close`), on the test's clock,
 * with no pacing and short ladders unless the test says otherwise.
 */
export function testRequests(
	o: Partial<RequestSettings> & { baseUrl: string; clock: Clock; signal?: AbortSignal; dispatcher?: Dispatcher; apiDeadlineMs?: number },
): { requests: Requests; close: () => Promise<void> } {
	const http = openHttp({ clock: o.clock, userAgent: "civitai-dl-test", dispatcher: o.dispatcher });
	const settings: RequestSettings = {
		baseUrl: o.baseUrl,
		redBaseUrl: o.redBaseUrl,
		apiKey: o.apiKey ?? "",
		sleepMs: o.sleepMs ?? 0,
		lookupPauseMs: o.lookupPauseMs,
		retryDelaysMs: o.retryDelaysMs ?? [100],
		networkRetryDelaysMs: o.networkRetryDelaysMs,
	};
	const requests = new Requests({ http, settings, signal: o.signal, ...(o.apiDeadlineMs ? { apiDeadlineMs: o.apiDeadlineMs } : {}) });
	return { requests, close: () => http.close() };
}
