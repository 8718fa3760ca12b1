import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Dispatcher } from "undici";
import { sitesOf } from "../../src/core/sites.js";
import { Pacer, pacedDownloads } from "../../src/requests/pacer.js";
import { VirtualClock } from "../virtual-clock.js";

const T0 = Date.UTC(2026, 10, 30);
const CIVITAI = "https://civitai.com";
const SITES = sitesOf({ baseUrl: CIVITAI, redBaseUrl: null });

/** The interceptor around a fake dispatch that records what was sent and when (ms since T0). */
function paced(sleepMs: number, signal = new AbortController().signal, clock = new VirtualClock(T0)) {
	const sent: { path: string; at: number }[] = [];
	const errors: Error[] = [];
	const pacer = new Pacer(clock, { sleepMs }, signal);
	const dispatch = pacedDownloads(
		pacer,
		SITES,
	)((opts) => {
		sent.push({ path: opts.path, at: clock.now() - T0 });
		return false; // what undici's dispatch says when the caller should wait for drain
	});
	const handler = { onResponseError: (_: unknown, e: Error) => errors.push(e) } as unknown as Dispatcher.DispatchHandler;
	const send = (origin: string | URL | undefined, path: string) =>
		dispatch({ ...(origin === undefined ? {} : { origin }), path, method: "GET" } as Dispatcher.DispatchOptions, handler);
	return { sent, errors, send, pacer, clock };
}

/** Event-loop turns (not real time) until `done` holds; the virtual clock jumps to each pending wait on the way. */
async function turns(done: () => boolean = () => false, max = 200): Promise<void> {
	for (let i = 0; i < max && !done(); i++) await new Promise((r) => setImmediate(r));
}

describe("pacedDownloads: which requests wait for a slot", () => {
	it("download requests to Civitai go one sleepMs apart, at the moment each slot is taken", async () => {
		const { sent, send } = paced(1000);
		assert.equal(send(CIVITAI, "/api/download/models/1"), true);
		assert.equal(send(CIVITAI, "/api/download/models/2?type=Model"), true);
		assert.equal(send(`${CIVITAI}/`, "/api/download/models/3"), true);
		assert.equal(sent.length, 0, "none is sent before its slot");
		await turns(() => sent.length === 3);
		assert.deepEqual(sent, [
			{ path: "/api/download/models/1", at: 0 },
			{ path: "/api/download/models/2?type=Model", at: 1000 },
			{ path: "/api/download/models/3", at: 2000 },
		]);
	});

	it("an origin given as a URL is paced too", async () => {
		const { sent, send } = paced(1000);
		send(new URL(CIVITAI), "/api/download/models/1");
		send(new URL(CIVITAI), "/api/download/models/2");
		await turns(() => sent.length === 2);
		assert.deepEqual(
			sent.map((s) => s.at),
			[0, 1000],
		);
	});

	it("other requests pass at once, untouched, and take no slot: API calls, other hosts, no origin", async () => {
		const { sent, send } = paced(1000);
		assert.equal(send(CIVITAI, "/api/v1/models?ids=1"), false, "dispatch's own answer");
		assert.equal(send(CIVITAI, "/api/download"), false);
		assert.equal(send(CIVITAI, "/x/api/download/models/1"), false);
		assert.equal(send("https://storage.example.com", "/api/download/models/1"), false);
		assert.equal(send("http://civitai.com", "/api/download/models/1"), false, "another scheme is another origin");
		assert.equal(send(undefined, "/api/download/models/1"), false);
		assert.equal(sent.length, 6, "all sent at once, before any wait");
		// none of them took a slot: the first download request still goes at once
		send(CIVITAI, "/api/download/models/9");
		await turns(() => sent.length === 7);
		assert.deepEqual(sent.at(-1), { path: "/api/download/models/9", at: 0 });
	});

	it("an interrupt while waiting for a slot ends the request with the error, never sending it", async () => {
		const ac = new AbortController();
		const { sent, errors, send } = paced(1000, ac.signal, new VirtualClock(T0, false));
		send(CIVITAI, "/api/download/models/1");
		send(CIVITAI, "/api/download/models/2");
		await turns(() => sent.length === 1);
		await turns(undefined, 20); // the second waits on a clock that does not move
		ac.abort();
		await turns(() => errors.length === 1);
		assert.deepEqual(
			sent.map((s) => s.path),
			["/api/download/models/1"],
		);
		assert.deepEqual(
			errors.map((e) => e.name),
			["InterruptedError"],
		);
	});

	it("a handler without onResponseError is not called on an interrupt (and nothing throws)", async () => {
		const ac = new AbortController();
		const clock = new VirtualClock(T0, false);
		const pacer = new Pacer(clock, { sleepMs: 1000 }, ac.signal);
		const sent: string[] = [];
		const dispatch = pacedDownloads(
			pacer,
			SITES,
		)((opts) => {
			sent.push(opts.path);
			return true;
		});
		const opts = { origin: CIVITAI, path: "/api/download/models/1", method: "GET" } as Dispatcher.DispatchOptions;
		dispatch(opts, {} as Dispatcher.DispatchHandler);
		dispatch(opts, {} as Dispatcher.DispatchHandler);
		await turns(() => sent.length === 1);
		ac.abort();
		await turns(undefined, 20);
		assert.deepEqual(sent, ["/api/download/models/1"]);
	});
});
