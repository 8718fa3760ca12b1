import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { after, describe, it, type TestContext } from "node:test";
import type { Browser, Page } from "playwright-core";
import { formatBytes } from "../../src/core/format.js";
import { en } from "../../src/i18n/en.js";
import type { LibraryCard, LibraryReport } from "../../src/library/report-data.js";
import { reportPage } from "../../src/report/page.js";
import { ROOT } from "../helpers.js";
import { card } from "../report/cards.js";
import { launchBrowser, skipWithout } from "./chromium.js";
import { HOSTILE_NAME, HOSTILE_VERSION, IDS, libraryCatalogue, makeLibrary } from "./library.js";

/** The browser's globals, as far as the page functions below use them (this file is compiled without the DOM's types). */
type Img = { naturalWidth: number; complete: boolean; getAttribute(name: string): string | null; src: string };
declare const document: {
	querySelectorAll<T>(selector: string): Iterable<T>;
	addEventListener(type: string, f: (e: { blockedURI: string }) => void): void;
	createElement(tag: "img"): Img;
	body: { append(node: unknown): void };
	documentElement: { scrollWidth: number };
	getElementById(id: string): unknown;
};
declare const requestAnimationFrame: (f: () => void) => number;
declare const getComputedStyle: (el: unknown) => { gridTemplateColumns: string };
declare const window: { scrollTo(x: number, y: number): void };
declare const performance: { now(): number; getEntriesByType(type: string): unknown[] };
declare class Event {
	constructor(type: string);
}

/**
 * The report page as a person sees it (issue 29): a library the local Civitai made, opened from its
 * folder in headless Chromium, clicked and typed into. Set CIVITAI_DL_SCREENSHOTS=docs to refresh the
 * screenshot in docs/commands.md (docs/report.png; and a phone's, report-phone.png).
 */
describe("the report page in a real browser", async () => {
	let browser: Browser | string = "not started";
	let page = "";
	let run: Awaited<ReturnType<typeof makeLibrary>>["run"];
	let dir = "";
	let planted: Server;
	let plantedHits = 0;
	let plantedUrl = "";

	// the library is made in the suite's body, so that its folder and server live until the suite ends
	browser = await launchBrowser();
	if (typeof browser !== "string") {
		({ dir, run } = await makeLibrary());
		const r = await run(["report"]);
		assert.equal(r.code, 0, r.stderr);
		page = join(dir, "civitai-dl-report.html");
		assert.match(r.stdout, /The report is .*civitai-dl-report\.html/);
		planted = createServer((_req, res) => {
			plantedHits++;
			res.end("x");
		});
		await new Promise<void>((done) => planted.listen(0, "127.0.0.1", done));
		plantedUrl = `http://127.0.0.1:${(planted.address() as AddressInfo).port}`;
	}
	after(async () => {
		if (typeof browser !== "string") await browser.close();
		planted?.close();
	});

	/** A new page at `width`, every request it makes noted; undefined (the test skipped) without a browser. */
	async function open(t: TestContext, file = page, width = 1280): Promise<{ p: Page; requests: string[] } | undefined> {
		if (typeof browser === "string") {
			skipWithout(t, browser);
			return undefined;
		}
		const p = await browser.newPage({ viewport: { width, height: 900 } });
		t.after(() => p.close());
		const requests: string[] = [];
		p.on("request", (r) => requests.push(r.url()));
		const errors: string[] = [];
		p.on("pageerror", (e) => errors.push(e.message));
		t.after(() => assert.deepEqual(errors, [], "the page's script ran without an error"));
		await p.goto(`file://${file}`);
		return { p, requests };
	}

	/** What the library's files weigh: every downloaded version but the deleted one, and the 10 bytes Origami grew by. */
	const onDisk = () =>
		libraryCatalogue()
			.models.map((m) => m.versions.at(-1)!)
			.filter((v) => v.id !== IDS.missing)
			.reduce((n, v) => n + v.files[0]!.sizeBytes, "more bytes".length);
	/** Where screenshots go: CIVITAI_DL_SCREENSHOTS (docs/ for the ones docs/commands.md shows), else the test's folder. */
	const shots = () => (process.env.CIVITAI_DL_SCREENSHOTS ? join(ROOT, process.env.CIVITAI_DL_SCREENSHOTS) : dir);
	const shown = (p: Page) => p.locator("#grid .card:not([hidden])");
	const cardOf = (p: Page, name: string) => p.locator("#grid .card", { has: p.locator("h3", { hasText: name }) });

	it("loads with no request to any network host; the previews show from the page's folder", async (t) => {
		const o = await open(t);
		if (!o) return;
		const { p, requests } = o;
		// every preview, scrolled into view (they load lazily)
		for (const img of await p.locator("#grid img").all()) await img.scrollIntoViewIfNeeded();
		await p.waitForFunction(() => [...document.querySelectorAll<Img>("#grid img")].every((i) => i.complete));
		const previews = await p
			.locator("#grid img")
			.evaluateAll((imgs) => (imgs as Img[]).map((i) => ({ src: i.getAttribute("src"), width: i.naturalWidth })));
		assert.equal(previews.length, 30, "every model has its preview (the deleted model's is still beside where it was)");
		for (const pv of previews) {
			assert.match(pv.src ?? "", /^models\/[a-z]+\/[\w.]+\.preview\.png$/, "addressed from the page's folder");
			assert.equal(pv.width, 48, `${pv.src} is shown`);
		}
		assert.deepEqual(
			requests.filter((u) => !u.startsWith("file://")),
			[],
			"nothing but files",
		);
		assert.equal(requests.length, 31, "the page and its 30 previews");
	});

	it("its Content-Security-Policy blocks an image planted in the page and one added by script", async (t) => {
		if (typeof browser === "string") return skipWithout(t, browser);
		const html = await readFile(page, "utf8");
		const plantedPage = join(dir, "planted.html");
		await writeFile(plantedPage, html.replace("<main>", `<main><img id="plant" src="${plantedUrl}/in-page.png">`));
		const o = await open(t, plantedPage);
		if (!o) return;
		const violations = await o.p.evaluate(async (url) => {
			const seen: string[] = [];
			document.addEventListener("securitypolicyviolation", (e) => seen.push(e.blockedURI));
			const img = document.createElement("img");
			img.src = `${url}/by-script.png`;
			document.body.append(img);
			await fetch(`${url}/fetch`).catch(() => {});
			await new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r())));
			return seen;
		}, plantedUrl);
		assert.equal(plantedHits, 0, "the planted host was never reached");
		assert.ok(violations.some((u) => u.endsWith("/by-script.png")) && violations.some((u) => u.endsWith("/fetch")), String(violations));
		assert.equal(await o.p.locator("#plant").evaluate((i) => (i as Img).naturalWidth), 0);
	});

	it("shows each status: verified, not checked, missing, size and hash mismatch, newer version, failed last time", async (t) => {
		const o = await open(t);
		if (!o) return;
		const badges = (name: string) => cardOf(o.p, name).locator(".st").allTextContents();
		assert.deepEqual(await badges("Autumn Leaves"), ["verified"]);
		assert.deepEqual(await badges("Paper Cut"), ["not checked"], "downloaded after the last verify");
		assert.deepEqual(await badges("Watercolor Wash"), ["missing", "failed last time"]);
		assert.deepEqual(await badges("Origami"), ["size mismatch"]);
		assert.deepEqual(await badges("Neon City"), ["hash mismatch"]);
		assert.deepEqual(await badges("Ink Sketch"), ["verified", "newer version"]);
		assert.match((await cardOf(o.p, "Ink Sketch").textContent()) ?? "", /Newer: v2 \(2026-10-01\)/);
		assert.match((await cardOf(o.p, "Watercolor Wash").textContent()) ?? "", /Last run: auth: Civitai sent a login page/);
		assert.match((await cardOf(o.p, "Neon City").locator("code").textContent()) ?? "", /^civitai-dl redownload version:2006$/);
		const tiles = await o.p
			.locator(".tile")
			.evaluateAll((ts) => ts.map((x) => [x.querySelector("span")?.textContent, x.querySelector("b")?.textContent]));
		assert.deepEqual(Object.fromEntries(tiles), {
			models: "30",
			"on disk": formatBytes(onDisk()),
			verified: "26",
			"not checked": "1",
			"to download again": "3",
			"with a newer version": "1",
			"failed last time": "1",
		});
	});

	it("draws the totals per type and per base model; a bar narrows the grid", async (t) => {
		const o = await open(t);
		if (!o) return;
		const want = new Map<string, number>();
		for (const m of libraryCatalogue().models) want.set(m.type, (want.get(m.type) ?? 0) + 1);
		const bars = await o.p
			.locator(".chart")
			.first()
			.locator("g")
			.evaluateAll((gs) => gs.map((g) => g.querySelector("title")?.textContent ?? ""));
		const got = new Map(bars.map((b) => [b.slice(0, b.indexOf(":")), Number(/: (\d+) files?/.exec(b)?.[1])]));
		assert.deepEqual(Object.fromEntries(got), Object.fromEntries(want));
		await o.p.locator('.chart g[data-filter*="SDXL 1.0"]').click();
		const sdxl = libraryCatalogue().models.filter((m) => m.versions.at(-1)!.baseModel === "SDXL 1.0").length;
		assert.equal(await shown(o.p).count(), sdxl);
		assert.equal(await o.p.locator("#f-base").inputValue(), "SDXL 1.0");
		assert.equal(await o.p.locator("#shown").textContent(), `${sdxl} of 30 shown`);
	});

	it("filters, searches and sorts as a person clicks and types", async (t) => {
		const o = await open(t);
		if (!o) return;
		const { p } = o;
		await p.selectOption("#f-type", "Checkpoint");
		assert.equal(await shown(p).count(), 4);
		await p.selectOption("#f-type", "");
		await p.selectOption("#f-status", "newer");
		assert.deepEqual(await shown(p).locator("h3").allTextContents(), ["Ink Sketch"]);
		await p.selectOption("#f-status", "");
		await p.locator("#q").pressSequentially("neon");
		assert.deepEqual(await shown(p).locator("h3").allTextContents(), ["Neon City"]);
		await p.locator("#q").fill("watercolor_style");
		assert.deepEqual(await shown(p).locator("h3").allTextContents(), ["Watercolor Wash"], "trained words are searched");
		await p.locator("#q").fill("no such model");
		assert.equal(await shown(p).count(), 0);
		assert.equal(await p.locator("#none").isVisible(), true);
		await p.locator("#q").fill("");
		await p.locator(".tile", { hasText: "to download again" }).click();
		assert.deepEqual((await shown(p).locator("h3").allTextContents()).sort(), ["Neon City", "Origami", "Watercolor Wash"]);
		await p.selectOption("#f-status", "");
		await p.selectOption("#sort", "size");
		assert.equal(await shown(p).locator("h3").first().textContent(), "Flux Tune", "the largest first");
		await p.selectOption("#sort", "date");
		assert.equal(await shown(p).locator("h3").first().textContent(), "Paper Cut", "the night's download first");
		await p.selectOption("#sort", "name");
		assert.equal(await shown(p).locator("h3").nth(1).textContent(), "Autumn Leaves");
	});

	it("shows a hostile name as text and runs no script of it", async (t) => {
		const o = await open(t);
		if (!o) return;
		const { p } = o;
		assert.equal(await p.evaluate(() => (window as { __pwned?: number }).__pwned), undefined);
		const card = cardOf(p, "onerror");
		assert.equal(await card.locator("h3").textContent(), HOSTILE_NAME);
		assert.match((await card.textContent()) ?? "", new RegExp(HOSTILE_VERSION.replace(/[/\\^$*+?.()|[\]{}]/g, "\\$&")));
		assert.equal(await p.locator("script").count(), 1, "only the page's own script");
		assert.equal(await p.locator('img[src="x"]').count(), 0);
		assert.ok((await card.locator(".words").textContent())?.includes("<b>bold</b>"));
	});

	it("shows the runs and the last run's failures with the command that runs them again", async (t) => {
		const o = await open(t);
		if (!o) return;
		const { p } = o;
		const rows = await p.locator("#nights tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
		assert.deepEqual(
			rows.map((r) => r[1]),
			["get", "outdated", "verify", "get"],
			"newest first",
		);
		const [night] = rows;
		assert.deepEqual([night![2], night![5], night![6], night![7]], ["1", "2", "1", "0"], "downloaded, failed, 429s, parked");
		assert.equal(rows[2]![8], "29 checked, 2 found");
		const last = await p.locator("#last-run li").allTextContents();
		assert.equal(last.length, 2);
		assert.match(last[0]!, /^watercolor_wash\.safetensors \(auth\): /);
		assert.match(last[1]!, new RegExp(`^version:${IDS.notFound} \\(not_found\\): `));
		const rerun = (await p.locator("#rerun").textContent()) ?? "";
		// with the config and the site the run had (the test's run named them in its environment)
		const list = /^civitai-dl redownload --from (\S+) --config \S+config\.json --base-url http:\/\/127\.0\.0\.1:\d+$/.exec(rerun)?.[1];
		assert.ok(list, rerun);
		assert.match(await readFile(list, "utf8"), /watercolor_wash\.safetensors/);
	});

	it("lays out at a phone's width: two columns, nothing wider than the screen", async (t) => {
		const o = await open(t, page, 390);
		if (!o) return;
		const { p } = o;
		const layout = await p.evaluate(() => ({
			scroll: document.documentElement.scrollWidth,
			columns: getComputedStyle(document.getElementById("grid")!).gridTemplateColumns.split(" ").length,
		}));
		assert.deepEqual(layout, { scroll: 390, columns: 2 });
		await p.locator("#q").fill("ink");
		assert.equal(await shown(p).count(), 2);
		await p.locator("#library").scrollIntoViewIfNeeded();
		await p.screenshot({ path: join(shots(), "report-phone.png") });
	});

	it("renders 1,000 models in under a second, and narrows them as fast as one types", async (t) => {
		if (typeof browser === "string") return skipWithout(t, browser);
		const big = join(dir, "big");
		await mkdir(join(big, "models"), { recursive: true });
		const png = await readFile(join(dir, "models/lora/autumn_leaves.preview.png"));
		const types = ["LORA", "Checkpoint", "TextualInversion", "VAE", "LoCon"];
		const cards: LibraryCard[] = [];
		for (let i = 0; i < 1000; i++) {
			const preview = join(big, "models", `m${i}.preview.png`);
			await writeFile(preview, png);
			cards.push({
				...card(),
				name: `Model ${i}`,
				fileName: `m${i}.safetensors`,
				type: types[i % 5]!,
				baseModel: `Base ${i % 7}`,
				sizeBytes: (i + 1) * 1000,
				preview,
				state: i % 50 === 0 ? "missing" : "verified",
				trainedWords: [`word${i}`],
			});
		}
		const report: LibraryReport = { historyFile: join(big, "h.csv"), cards, runs: [], verifiedAt: null, outdatedAt: null };
		const file = join(big, "report.html");
		await writeFile(file, reportPage(report, { m: en, lang: "en", locale: "en-US", pageDir: big, nowMs: Date.now() }));
		const o = await open(t, file);
		if (!o) return;
		const nav = await o.p.evaluate(() => JSON.parse(JSON.stringify(performance.getEntriesByType("navigation")[0])));
		const loadMs = nav.loadEventEnd as number;
		assert.ok(loadMs < 1000, `the page with 1,000 models loaded in ${Math.round(loadMs)} ms`);
		assert.equal(await shown(o.p).count(), 1000);
		const typedMs = await o.p.evaluate(() => {
			const q = document.getElementById("q") as { value: string; dispatchEvent(e: unknown): void };
			const t0 = performance.now();
			q.value = "word99";
			q.dispatchEvent(new Event("input"));
			return performance.now() - t0;
		});
		assert.equal(await shown(o.p).count(), 11, "word99 and word990..word999");
		assert.ok(typedMs < 100, `a search over 1,000 cards took ${Math.round(typedMs)} ms`);
		process.stderr.write(`# 1,000 models: loaded in ${Math.round(loadMs)} ms, a search in ${typedMs.toFixed(1)} ms\n`);
	});

	it("takes the screenshot docs/commands.md shows", async (t) => {
		const o = await open(t);
		if (!o) return;
		const out = join(shots(), "report.png");
		await mkdir(dirname(out), { recursive: true });
		await o.p.setViewportSize({ width: 1100, height: 1400 });
		for (const img of await o.p.locator("#grid img").all()) await img.scrollIntoViewIfNeeded();
		await o.p.evaluate(() => window.scrollTo(0, 0));
		await o.p.screenshot({ path: out });
		assert.ok((await readFile(out)).length > 10_000);
	});
});
