import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorFromResponse, serverMessage } from "../../src/civitai/http-errors.js";
import type { ErrorKind } from "../../src/errors.js";

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const JSON_CT = { "content-type": "application/json" };

type Want = { kind: ErrorKind; key: string; retryAfterMs?: number; params?: Record<string, unknown> };

describe("errorFromResponse: status and body → failure kind", () => {
	it("a 401 asking to log in after a key was sent says the key was refused, not that one is missing", () => {
		const body = '{"error":"Unauthorized","message":"You must be logged in to download this"}';
		const sent = errorFromResponse(401, body, JSON_CT, NOW, true);
		assert.deepEqual(sent.msg.params, { message: "Unauthorized: You must be logged in to download this", hint: true, keySent: true });
		assert.match(sent.message, /The API key was sent and refused/);
		assert.doesNotMatch(sent.message, /Set an API key/);
		const none = errorFromResponse(401, body, JSON_CT, NOW);
		assert.match(none.message, /Set an API key/);
	});

	const table: [string, number, string, Record<string, string>, Want][] = [
		[
			"401 asking to log in: hint",
			401,
			'{"error":"Unauthorized","message":"You must be logged in to download this"}',
			JSON_CT,
			{ kind: "auth", key: "errAuth401", params: { hint: true } },
		],
		[
			"401 creator disabled downloads: no hint",
			401,
			'{"error":"Unauthorized","message":"The creator has disabled downloads"}',
			JSON_CT,
			{ kind: "auth", key: "errAuth401", params: { hint: false } },
		],
		[
			"403 early access with a deadline",
			403,
			'{"error":"Early Access","deadline":"2026-12-01T00:00:00.000Z"}',
			JSON_CT,
			{ kind: "early_access", key: "errEarlyAccess", params: { until: "2026-12-01T00:00:00.000Z" } },
		],
		[
			"403 early access without a deadline",
			403,
			"This model is in early access",
			{},
			{ kind: "early_access", key: "errEarlyAccess", params: { until: null } },
		],
		["403 plain", 403, '{"error":"Forbidden"}', JSON_CT, { kind: "auth", key: "errForbidden" }],
		["404", 404, '{"error":"Model not found"}', JSON_CT, { kind: "not_found", key: "errNotFound" }],
		["410", 410, "Gone", {}, { kind: "archived", key: "errArchived" }],
		["451", 451, "Unavailable for legal reasons", {}, { kind: "region", key: "errRegion" }],
		[
			"429 quota text",
			429,
			'{"error":"We have detected an unusual amount of downloading from your account"}',
			JSON_CT,
			{ kind: "quota", key: "errQuota" },
		],
		["429 plain", 429, "Too Many Requests", {}, { kind: "rate_limited", key: "errRateLimited" }],
		[
			"429 Retry-After seconds",
			429,
			"slow down",
			{ "retry-after": "120" },
			{ kind: "rate_limited", key: "errRateLimited", retryAfterMs: 120_000 },
		],
		[
			"429 Retry-After HTTP date",
			429,
			"slow down",
			{ "retry-after": new Date(NOW + 90_000).toUTCString() },
			{ kind: "rate_limited", key: "errRateLimited", retryAfterMs: 90_000 },
		],
		[
			"429 quota with Retry-After keeps the wait",
			429,
			"unusual amount of downloading",
			{ "retry-after": "5" },
			{ kind: "quota", key: "errQuota", retryAfterMs: 5000 },
		],
		["503", 503, "<html><title>Service Unavailable</title></html>", {}, { kind: "rate_limited", key: "errUnavailable" }],
		["503 Retry-After", 503, "", { "retry-after": "30" }, { kind: "rate_limited", key: "errUnavailable", retryAfterMs: 30_000 }],
		["502", 502, "Bad Gateway", {}, { kind: "network", key: "errGateway", params: { status: 502 } }],
		["504", 504, "Gateway Timeout", {}, { kind: "network", key: "errGateway", params: { status: 504 } }],
		[
			"520 Cloudflare",
			520,
			"<title>Web server is returning an unknown error</title>",
			{},
			{ kind: "network", key: "errGateway", params: { status: 520 } },
		],
		["522 Cloudflare", 522, "<title>Connection timed out</title>", {}, { kind: "network", key: "errGateway", params: { status: 522 } }],
		["530 Cloudflare", 530, "<title>Origin DNS error</title>", {}, { kind: "network", key: "errGateway", params: { status: 530 } }],
		["531 is other", 531, "?", {}, { kind: "other", key: "errHttp", params: { status: 531 } }],
		["500 is other", 500, "Internal Server Error", {}, { kind: "other", key: "errHttp", params: { status: 500 } }],
		["400 is other", 400, '{"error":"Bad request"}', JSON_CT, { kind: "other", key: "errHttp", params: { status: 400 } }],
		["418 is other", 418, "teapot", {}, { kind: "other", key: "errHttp", params: { status: 418 } }],
	];
	for (const [name, status, body, headers, want] of table) {
		it(name, () => {
			const e = errorFromResponse(status, body, headers, NOW);
			assert.equal(e.kind, want.kind);
			assert.equal(e.status, status);
			assert.equal(e.retryAfterMs, want.retryAfterMs);
			assert.equal(e.msg.key, want.key);
			for (const [k, v] of Object.entries(want.params ?? {})) assert.deepEqual((e.msg.params as Record<string, unknown>)[k], v, k);
		});
	}

	it("the server's words reach the message", () => {
		const e = errorFromResponse(404, '{"error":"Model not found"}', JSON_CT, NOW);
		assert.equal((e.msg.params as { message: string }).message, "Model not found");
	});
});

describe("serverMessage: the server's own words from an error body", () => {
	const table: [string, string, string | undefined, string][] = [
		["JSON error", '{"error":"Model not found"}', "application/json", "Model not found"],
		["JSON message", '{"message":"Rate limit exceeded"}', "application/json; charset=utf-8", "Rate limit exceeded"],
		["JSON error and message", '{"error":"Unauthorized","message":"Log in first"}', "application/json", "Unauthorized: Log in first"],
		["JSON error and the same message once", '{"error":"Nope","message":"Nope"}', "application/json", "Nope"],
		["JSON without a content type", '  {"error":"x"}', undefined, "x"],
		["JSON with neither: its text", '{"code":7}', "application/json", '{"code":7}'],
		["broken JSON: its text", '{"error":', "application/json", '{"error":'],
		["HTML title", "<html><head><title> 502 Bad Gateway </title></head><body>...</body></html>", "text/html", '"502 Bad Gateway" (HTML)'],
		[
			"S3 XML",
			'<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
			"application/xml",
			"AccessDenied: Request has expired",
		],
		["text, spaces folded", "  Too   many\n requests  ", "text/plain", "Too many requests"],
		["long text cut at 200", "x".repeat(500), "text/plain", "x".repeat(200)],
		["empty", "   ", "text/plain", "—"],
	];
	for (const [name, body, ct, want] of table) {
		it(name, () => assert.equal(serverMessage(body, ct), want));
	}
});
