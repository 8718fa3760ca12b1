import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accessRefusal, errorFromResponse } from "../../src/civitai/http-errors.js";
import { type Access, accessOf, WireModelSchema, WireVersionSchema } from "../../src/civitai/wire-types.js";
import { lineOf } from "../../src/cli/render.js";
import { DownloadError } from "../../src/errors.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";
import { msg } from "../../src/i18n/msg.js";

const version = (extra: Record<string, unknown>) => WireVersionSchema.parse({ id: 1, files: [], ...extra });

describe("accessOf: both shapes of early access", () => {
	const cases: [string, Record<string, unknown>, Access | undefined][] = [
		[
			"2026 shape, early access",
			{ paidAccess: { permanent: false, endsAt: "2027-01-03T00:00:00.000Z" } },
			{ permanent: false, until: "2027-01-03T00:00:00.000Z" },
		],
		["2026 shape, paid for good", { paidAccess: { permanent: true, endsAt: null } }, { permanent: true, until: null }],
		["2026 shape, public (null)", { paidAccess: null }, undefined],
		[
			"older shape",
			{ availability: "EarlyAccess", earlyAccessEndsAt: "2027-01-03T00:00:00.000Z" },
			{ permanent: false, until: "2027-01-03T00:00:00.000Z" },
		],
		["older shape without a date", { availability: "EarlyAccess", earlyAccessEndsAt: null }, { permanent: false, until: null }],
		["older shape, public with a past end", { availability: "Public", earlyAccessEndsAt: "2024-01-01T00:00:00.000Z" }, undefined],
		[
			"/models' earlyAccessDeadline alone",
			{ earlyAccessDeadline: "2027-02-01T00:00:00.000Z" },
			{ permanent: false, until: "2027-02-01T00:00:00.000Z" },
		],
		["nothing at all", {}, undefined],
	];
	for (const [name, extra, want] of cases) {
		it(name, () => assert.deepEqual(accessOf(version(extra)), want));
	}

	it("the model list's versions keep their earlyAccessDeadline", () => {
		const m = WireModelSchema.parse({ id: 5, modelVersions: [{ id: 6, availability: "EarlyAccess", earlyAccessDeadline: "2027-01-03" }] });
		assert.deepEqual(accessOf(m.modelVersions![0]!), { permanent: false, until: "2027-01-03" });
	});
});

describe("accessRefusal: a 403 for a gated version says so, naming the date", () => {
	const forbidden = () => errorFromResponse(403, '{"error":"Forbidden"}', { "content-type": "application/json" }, 0);

	it("a generic 403 for an early-access version names the version's date", () => {
		const e = accessRefusal(forbidden(), { permanent: false, until: "2027-01-03T00:00:00.000Z" }) as DownloadError;
		assert.equal(e.kind, "early_access");
		assert.equal(e.message, "This version is in Early Access until 2027-01-03 (403): Forbidden");
	});

	it("the 403's own deadline comes first", () => {
		const body = '{"error":"Early Access","deadline":"2027-05-05T00:00:00.000Z","message":"This asset is in Early Access."}';
		const e = accessRefusal(errorFromResponse(403, body, { "content-type": "application/json" }, 0), {
			permanent: false,
			until: "2027-01-03",
		});
		assert.match((e as DownloadError).message, /until 2027-05-05 \(403\)/);
	});

	it("a paid version says it is paid access", () => {
		const e = accessRefusal(forbidden(), { permanent: true, until: null }) as DownloadError;
		assert.equal(e.kind, "early_access");
		assert.match(e.message, /^This version is paid access: buy it on Civitai/);
	});

	it("leaves other errors and public versions alone", () => {
		const f = forbidden();
		assert.equal(accessRefusal(f, undefined), f);
		const nf = new DownloadError("not_found", msg("errNotFound", { message: "x" }), { status: 404 });
		assert.equal(accessRefusal(nf, { permanent: true, until: null }), nf);
	});
});

describe("the plan labels a gated version", () => {
	const plan = (access?: Access) =>
		({
			type: "plan",
			index: 1,
			name: "a",
			category: "lora",
			action: "download",
			path: "/x/a",
			sizeBytes: 1024,
			...(access ? { access } : {}),
		}) as const;
	const ui = (m: typeof en) => ({ m, locale: "en-US", color: false });
	it("early access until a date (the day of an ISO time)", () => {
		const line = lineOf(plan({ permanent: false, until: "2027-01-03T00:00:00.000Z" }), ui(en), { quiet: false, verbose: false });
		assert.match(line?.out ?? "", /\[early access until 2027-01-03\]$/);
	});
	it("paid", () => {
		assert.match(lineOf(plan({ permanent: true, until: null }), ui(en), { quiet: false, verbose: false })?.out ?? "", /\[paid\]$/);
		assert.match(lineOf(plan({ permanent: true, until: null }), ui(ja), { quiet: false, verbose: false })?.out ?? "", /\[有料\]$/);
	});
	it("no label for a public version", () => {
		assert.doesNotMatch(lineOf(plan(), ui(en), { quiet: false, verbose: false })?.out ?? "", /paid|early access/);
	});
});
