import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { getGlobalDispatcher } from "undici";
import { en } from "../../src/i18n/en.js";
import { deliver, hookLabel } from "../../src/notify/send.js";
import { systemClock } from "../../src/platform/clock.js";
import { endlessServer, webhookReceiver } from "../helpers.js";

const SECRET = "/api/webhooks/123456/SeCrEtToKeN";
const opts = {
	timeoutMs: 400,
	retryDelaysMs: [50, 50],
	http: { dispatcher: getGlobalDispatcher(), clock: systemClock, userAgent: "civitai-dl/test" },
};

describe("webhook delivery", () => {
	it("an answer that never ends is read only up to 64 KiB: a 200 counts as delivered, a 500 is retried, nothing hangs", async () => {
		for (const [status, ok, attempts] of [
			[200, true, 1],
			[500, false, 3],
		] as const) {
			const hook = await endlessServer(status, "text/plain");
			try {
				const d = await deliver({ kind: "json", url: hook.origin + SECRET }, 0, {}, en, { ...opts, timeoutMs: 5000 });
				assert.deepEqual({ ok: d.ok, attempts: d.attempts }, { ok, attempts });
				assert.ok(hook.sent() < attempts * 16 * 1024 * 1024, `sent ${hook.sent()}`);
			} finally {
				await hook.close();
			}
		}
	});

	it("a receiver that answers 500 twice then 200 gets the message on the third attempt", async () => {
		const r = await webhookReceiver((n) => (n <= 2 ? 500 : 200));
		const d = await deliver({ kind: "json", url: r.url(SECRET) }, 0, { hello: 1 }, en, opts);
		assert.deepEqual({ ok: d.ok, attempts: d.attempts, status: d.status }, { ok: true, attempts: 3, status: 200 });
		assert.equal(r.received.length, 3);
		assert.deepEqual(r.received[2]!.body, { hello: 1 });
		assert.equal(r.received[2]!.headers["content-type"], "application/json");
	});

	it("gives up after two retries and says why, without the URL's secret", async () => {
		const r = await webhookReceiver(() => 503);
		const d = await deliver({ kind: "discord", url: r.url(SECRET) }, 1, {}, en, opts);
		assert.equal(d.ok, false);
		assert.equal(d.attempts, 3);
		assert.equal(d.reason, "the webhook answered HTTP 503");
		assert.match(d.hook, /^discord #2 \(127\.0\.0\.1:\d+\)$/);
		assert.doesNotMatch(JSON.stringify(d), /SeCrEt|123456/);
	});

	it("a 4xx other than 429 is not retried", async () => {
		const r = await webhookReceiver(() => 404);
		const d = await deliver({ kind: "slack", url: r.url(SECRET) }, 0, {}, en, opts);
		assert.deepEqual({ ok: d.ok, attempts: d.attempts }, { ok: false, attempts: 1 });
	});

	it("a 429 waits the Retry-After (seconds) or Discord's retry_after before retrying", async () => {
		const r = await webhookReceiver((n) => (n === 1 ? { status: 429, headers: { "retry-after": "0.6" } } : 204));
		const d = await deliver({ kind: "slack", url: r.url(SECRET) }, 0, {}, en, opts);
		assert.equal(d.ok, true);
		const gap = r.received[1]!.time - r.received[0]!.time;
		assert.ok(gap >= 550, `waited ${gap} ms`);
		const r2 = await webhookReceiver((n) =>
			n === 1 ? { status: 429, headers: { "content-type": "application/json" }, body: '{"retry_after": 0.5, "global": false}' } : 204,
		);
		const d2 = await deliver({ kind: "discord", url: r2.url(SECRET) }, 0, {}, en, opts);
		assert.equal(d2.ok, true);
		assert.ok(r2.received[1]!.time - r2.received[0]!.time >= 450);
	});

	it("a receiver that never answers costs at most the timeouts and the retry waits", async () => {
		const r = await webhookReceiver(() => "hang");
		const t0 = Date.now();
		const d = await deliver({ kind: "json", url: r.url(SECRET) }, 0, {}, en, opts);
		const took = Date.now() - t0;
		assert.equal(d.ok, false);
		assert.equal(d.reason, "no answer within 0.4 s");
		assert.equal(r.received.length, 3);
		assert.ok(took < 3 * 400 + 2 * 50 + 1000, `took ${took} ms`);
	});

	it("a refused connection is a network error said in words", async () => {
		const d = await deliver({ kind: "json", url: `http://127.0.0.1:1${SECRET}` }, 0, {}, en, { ...opts, retryDelaysMs: [] });
		assert.equal(d.ok, false);
		assert.equal(d.reason, "network error: the connection was refused");
	});

	it("labels show kind, position and host only", () => {
		assert.equal(hookLabel("discord", 0, "https://discord.com/api/webhooks/1/abc"), "discord #1 (discord.com)");
		assert.equal(hookLabel("slack", 2, "not a url"), "slack #3 (?)");
	});
});
