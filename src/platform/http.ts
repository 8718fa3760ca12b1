import type { Dispatcher } from "undici";
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { dispatcherFor, type ProxySettings } from "./proxy.js";

/**
 * The HTTP context of a process: one dispatcher (keep-alive connections, the proxy the environment
 * names), the User-Agent, and the clock every deadline is measured on. It is made once, by the
 * composition root (`cli/main.ts`, or a library entry point given none) with `openHttp`, and passed
 * down; nothing else makes or closes one.
 */
export interface HttpContext {
	dispatcher: Dispatcher;
	userAgent: string;
	/** The run's clock: Retry-After dates, deadlines and speed checks read it. */
	clock: Clock;
}

/** An HTTP context and how to let it go: `close` ends the dispatcher only when this call made it. */
export interface OpenHttp extends HttpContext {
	close(): Promise<void>;
}

/**
 * The one place an HTTP context is made. With a dispatcher (a library caller's, a test's) it is used
 * and left open for its owner; without one, a keep-alive Agent (through `proxy` when the environment
 * names one) is made and `close` ends it, so that idle connections do not hold the process open.
 */
export function openHttp(opts: {
	dispatcher?: Dispatcher | undefined;
	proxy?: ProxySettings | undefined;
	clock?: Clock | undefined;
	userAgent: string;
}): OpenHttp {
	const ours = opts.dispatcher === undefined;
	const dispatcher = opts.dispatcher ?? dispatcherFor(opts.proxy);
	return {
		dispatcher,
		userAgent: opts.userAgent,
		clock: opts.clock ?? systemClock,
		close: async () => {
			if (ours) await dispatcher.destroy().catch(() => {});
		},
	};
}

/**
 * A library entry point's HTTP: the caller's context when given, else one made (`openHttp`) for this
 * call and closed after it.
 */
export async function withHttp<T>(
	given: { http?: HttpContext | undefined; dispatcher?: Dispatcher | undefined; clock?: Clock | undefined },
	userAgent: string,
	fn: (http: HttpContext) => Promise<T>,
): Promise<T> {
	if (given.http) return fn(given.http);
	const http = openHttp({ dispatcher: given.dispatcher, clock: given.clock, userAgent });
	try {
		return await fn(http);
	} finally {
		await http.close();
	}
}

export interface Deadline {
	/** Aborts when the time is up or when the outer signal aborts. */
	signal: AbortSignal;
	/** Whether it was the time that ran out (not the outer signal). */
	expired(): boolean;
	/** Done: stop the timer and let go of the outer signal. */
	stop(): void;
}

/**
 * The one deadline style: `ms` on the clock for one request (headers and body together), joined with
 * an outer abort. Measured with `clock.every`, not `sleep`: a virtual clock in tests jumps to pending
 * sleeps while real I/O runs, and would end the request at once.
 */
export function deadline(clock: Clock, ms: number, outer?: AbortSignal): Deadline {
	const ac = new AbortController();
	let late = false;
	const forward = () => ac.abort(outer?.reason);
	if (outer?.aborted) forward();
	outer?.addEventListener("abort", forward, { once: true });
	const stopTimer = clock.every(ms, () => {
		late = true;
		ac.abort();
	});
	return {
		signal: ac.signal,
		expired: () => late,
		stop() {
			stopTimer();
			outer?.removeEventListener("abort", forward);
		},
	};
}
