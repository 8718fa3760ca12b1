import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";
import type { LibraryCard, LibraryReport } from "../../src/library/report-data.js";
import { totalsBy } from "../../src/report/chart.js";
import { esc, hrefFrom } from "../../src/report/html.js";
import { contentSecurityPolicy, reportPage } from "../../src/report/page.js";
import { card } from "./cards.js";

const HOSTILE = `<img src=x onerror="alert(1)">'\`</script><script>alert(2)</script>&amp;`;

function page(cards: LibraryCard[], lang: "en" | "ja" = "en", over: Partial<LibraryReport> = {}): string {
	const r: LibraryReport = { historyFile: "/lib/history.csv", cards, runs: [], verifiedAt: null, outdatedAt: null, ...over };
	return reportPage(r, { m: lang === "ja" ? ja : en, lang, locale: "en-US", pageDir: "/lib", nowMs: Date.UTC(2026, 10, 30) });
}

describe("the report page's HTML", () => {
	it("escapes text for content and for quoted attributes alike", () => {
		assert.equal(esc(`<a href="x">'&\``), "&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#96;");
	});

	it("addresses previews from the page's folder, each part percent-encoded", () => {
		assert.equal(hrefFrom("/lib", "/lib/models/lora/a b#1.preview.png"), "models/lora/a%20b%231.preview.png");
		assert.equal(hrefFrom("/lib/out", "/lib/models/夜.png"), `../models/${encodeURIComponent("夜")}.png`);
		assert.equal(hrefFrom("/lib", "/lib/x?.png"), "x%3F.png");
	});

	it("shows everything from outside as text: names, versions, bases, words, reasons, paths", () => {
		const html = page([
			card({
				name: HOSTILE,
				version: HOSTILE,
				baseModel: HOSTILE,
				type: HOSTILE,
				fileName: HOSTILE,
				trainedWords: [HOSTILE],
				path: `/lib/${HOSTILE}`,
				preview: `/lib/${HOSTILE}.png`,
				failedLast: { name: HOSTILE, kind: HOSTILE, message: HOSTILE },
				newer: { id: 2, name: HOSTILE, baseModel: null, publishedAt: null },
			}),
		]);
		const body = html.slice(html.indexOf("<body>"), html.lastIndexOf("<script>"));
		assert.ok(!body.includes("<img src=x"), "no markup from a name");
		assert.ok(!body.includes("<script"), "no script from a name");
		assert.ok(!/onerror="/.test(body));
		assert.equal(html.match(/<script>/g)?.length, 1, "one script: the page's own");
		assert.ok(body.includes(esc(HOSTILE)));
	});

	it("states its CSP: no network host, the one style and the one script by their hashes", () => {
		const html = page([card()]);
		const csp = contentSecurityPolicy();
		assert.ok(html.includes(`content="${esc(csp)}"`));
		const hash = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
		const style = html.slice(html.indexOf("<style>") + 7, html.indexOf("</style>"));
		const script = html.slice(html.lastIndexOf("<script>") + 8, html.lastIndexOf("</script>"));
		assert.ok(csp.includes(`style-src ${hash(style)}`));
		assert.ok(csp.includes(`script-src ${hash(script)}`));
		assert.match(csp, /^default-src 'none'; img-src 'self' file:; /);
		assert.ok(!/https?:|\*|unsafe/.test(csp), csp);
		assert.ok(!/\b(src|href)="(https?:)?\/\//.test(html), "nothing is loaded from a host");
		assert.ok(html.length < 40_000, `one small page for one model (${html.length} bytes)`);
	});

	it("speaks the report's language", () => {
		const html = page([card({ state: "missing" })], "ja");
		assert.match(html, /<html lang="ja">/);
		assert.ok(html.includes(ja.reportStatusMissing()));
		assert.ok(html.includes(ja.reportTitle()));
	});

	it("an empty history says so; no run yet says so", () => {
		const html = page([]);
		assert.ok(html.includes(esc(en.reportEmpty())));
		assert.ok(html.includes(esc(en.reportNoRuns())));
	});
});

describe("totals for the chart", () => {
	const items = [
		{ k: "LORA", b: 10 },
		{ k: "LORA", b: 5 },
		{ k: "Checkpoint", b: 100 },
		{ k: "VAE", b: 15 },
		{ k: "TextualInversion", b: 1 },
	];
	it("per key: count and bytes, largest disk use first", () => {
		assert.deepEqual(
			totalsBy(
				items,
				(i) => i.k,
				(i) => i.b,
			),
			[
				{ key: "Checkpoint", count: 1, bytes: 100 },
				{ key: "LORA", count: 2, bytes: 15 },
				{ key: "VAE", count: 1, bytes: 15 },
				{ key: "TextualInversion", count: 1, bytes: 1 },
			],
		);
	});
	it("past the most bars, the rest in one", () => {
		assert.deepEqual(
			totalsBy(
				items,
				(i) => i.k,
				(i) => i.b,
				3,
				"others",
			),
			[
				{ key: "Checkpoint", count: 1, bytes: 100 },
				{ key: "LORA", count: 2, bytes: 15 },
				{ key: "others", count: 2, bytes: 16 },
			],
		);
	});
});
