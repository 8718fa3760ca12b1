import assert from "node:assert/strict";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { FakeCatalogue } from "../../fake-civitai/catalogue.js";
import type { Fault } from "../../fake-civitai/faults.js";
import type { FakeCivitai } from "../../fake-civitai/server.js";
import { download, type RowIn, redownload, rowFromCsv } from "../../src/engine.js";
import { readCsv } from "../../src/history/csv-file.js";
import { inProcess } from "../engine-harness.js";
import { fakeCivitai, KEY, smallCatalogue } from "../helpers.js";

const KiB = 1024;

/** The small catalogue plus a mature LoRA (model 7700, version 7701, file 77010): served only on the red origin. */
function catalogue(): FakeCatalogue {
	const c = smallCatalogue();
	c.models.push({
		id: 7700,
		name: "Mature Lora",
		type: "LORA",
		mature: true,
		versions: [{ id: 7701, name: "v1", files: [{ id: 77010, name: "mature.safetensors", sizeBytes: 12 * KiB, primary: true }] }],
	});
	const lora = (id: number, v: Partial<FakeCatalogue["models"][number]["versions"][number]>) =>
		c.models.push({
			id,
			name: `Gated ${id}`,
			type: "LORA",
			versions: [
				{
					id: id + 1,
					name: "v1",
					files: [{ id: (id + 1) * 10, name: `gated-${id}.safetensors`, sizeBytes: 4 * KiB, primary: true }],
					...v,
				},
			],
		});
	lora(7800, { paidAccess: { permanent: false, endsAt: "2099-01-03T00:00:00.000Z" } });
	lora(7810, { earlyAccessDeadline: "2099-02-01T00:00:00.000Z" });
	lora(7820, { paidAccess: { permanent: true, endsAt: null } });
	return c;
}

async function setup(opts: { red?: boolean; faults?: Fault[] } = {}) {
	const server = await fakeCivitai({ catalogue: catalogue(), redOrigin: true, faults: opts.faults ?? [] });
	after(() => server.close());
	const { dir, events, settings, engine } = await inProcess(server.baseUrl, {
		settings: { apiKey: KEY, sleepMs: 0, retryDelaysMs: [], ...(opts.red === false ? {} : { redBaseUrl: server.redBaseUrl! }) },
	});
	const history = async () => (await readCsv(settings.historyFile)).rows.map(rowFromCsv);
	return { server, dir, engine, events, history };
}

/** Requests to the given log origin whose path names the mature model/version. */
function matureRequests(server: FakeCivitai, origin: "api" | "red") {
	return server.requests.filter((r) => r.origin === origin && /7700|7701/.test(r.path));
}

/** The key reached only the two Civitai origins: never the storage. */
function keyOnlyToCivitai(server: FakeCivitai) {
	const storage = server.requests.filter((r) => r.origin === "storage");
	assert.ok(storage.length > 0, "the storage was reached");
	assert.ok(
		storage.every((r) => !r.authorization && !r.token),
		"the key reached the storage",
	);
	const red = server.requests.filter((r) => r.origin === "red");
	assert.ok(red.length > 0 && red.every((r) => r.authorization && !r.token), "the red origin got the key as a Bearer header");
}

describe("civitai.red: a mature model", () => {
	it("a URL on the red origin resolves and downloads there, without asking the base origin", async () => {
		const { server, engine, history } = await setup();
		const summary = await download([`${server.redBaseUrl}/models/7700`], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.deepEqual(matureRequests(server, "api"), [], "the base origin was asked");
		const rows = await history();
		assert.equal(rows.at(-1)!.url, `${server.redBaseUrl}/api/download/models/7701?fileId=77010`);
		keyOnlyToCivitai(server);
	});

	it("a host-less target gets 404 on the base origin, then is tried once on the red one", async () => {
		const { server, engine, history } = await setup();
		const summary = await download(["model:7700"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		const base = matureRequests(server, "api");
		assert.deepEqual(
			base.map((r) => [r.path, r.status]),
			[["/api/v1/models/7700", 404]],
		);
		assert.equal((await history()).at(-1)!.url, `${server.redBaseUrl}/api/download/models/7701?fileId=77010`);
		keyOnlyToCivitai(server);
	});

	it("a bare number (a version id) falls back to the red origin too", async () => {
		const { server, engine } = await setup();
		const summary = await download(["7701"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.ok(matureRequests(server, "red").some((r) => r.path === "/api/download/models/7701"));
	});

	it("a seed-era civitai.com history row downloads through red; its new row names red, and the next run goes straight there", async () => {
		const { server, engine, history, dir } = await setup();
		const seed: RowIn = {
			timestamp: "2024-05-01 10:00:00",
			model_type: "lora",
			url: `${server.baseUrl}/api/download/models/7701`,
			filename: "mature.safetensors",
			model_id: "",
			version_id: "",
			file_id: "",
			size_bytes: "",
			sha256: "",
			path: "",
		};
		const first = await redownload([seed], engine);
		assert.equal(first.succeeded, 1, JSON.stringify(first.failures));
		const rows = await history();
		assert.equal(rows.at(-1)!.url, `${server.redBaseUrl}/api/download/models/7701?fileId=77010`);
		assert.equal(rows.at(-1)!.path, join(dir, "lora", "mature.safetensors"));
		keyOnlyToCivitai(server);

		// the next run from the new row: no request to the base origin at all
		const before = server.requests.length;
		const again = await redownload([rows.at(-1)!], { ...engine, force: true });
		assert.equal(again.succeeded, 1, JSON.stringify(again.failures));
		const later = server.requests.slice(before);
		assert.deepEqual(
			later.filter((r) => r.origin === "api"),
			[],
			"the base origin was asked again",
		);
		assert.ok(later.some((r) => r.origin === "red" && r.path === "/api/download/models/7701"));
	});

	it("a seed-era row with ids keeps working: resolved on red after the base origin's 404", async () => {
		const { server, engine, history } = await setup();
		const row: RowIn = {
			timestamp: "2024-05-01 10:00:00",
			model_type: "lora",
			url: `${server.baseUrl}/models/7700`,
			filename: "mature.safetensors",
			model_id: "7700",
			version_id: "7701",
			file_id: "77010",
			size_bytes: "",
			sha256: "",
			path: "",
		};
		const summary = await redownload([row], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal((await history()).at(-1)!.url, `${server.redBaseUrl}/api/download/models/7701?fileId=77010`);
	});

	it("a model on the base origin stays there: its row keeps the base URL and red is never asked", async () => {
		const { server, engine, history } = await setup();
		const summary = await download(["version:2000"], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.deepEqual(
			server.requests.filter((r) => r.origin === "red"),
			[],
		);
		assert.ok((await history()).at(-1)!.url.startsWith(server.baseUrl));
	});

	it("without a red origin a mature model fails as not found on the base origin (as before)", async () => {
		const { server, engine } = await setup({ red: false });
		const summary = await download(["model:7700"], engine);
		assert.equal(summary.failed, 1);
		assert.equal(summary.failures[0]!.kind, "not_found");
		assert.deepEqual(
			server.requests.filter((r) => r.origin === "red"),
			[],
		);
	});

	it("a target that neither origin knows fails with the base origin's not found", async () => {
		const { server, engine } = await setup();
		const summary = await download(["model:7799"], engine);
		assert.equal(summary.failed, 1);
		assert.equal(summary.failures[0]!.kind, "not_found");
		assert.equal(server.requests.filter((r) => r.origin === "red" && r.path === "/api/v1/models/7799").length, 1, "red was not tried once");
	});
});

describe("civitai.red: the key guard treats both origins as Civitai", () => {
	it("a redirect from the red origin to the base origin's download keeps the key (Bearer) and works", async () => {
		const { server, engine } = await setup({ faults: [] });
		server.faults.push({ version: 2000, attempt: 1, kind: "redirect", location: `${server.baseUrl}/api/download/models/2000` });
		const summary = await download([`${server.redBaseUrl}/api/download/models/2000`], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		const hop = server.requests.find((r) => r.origin === "api" && r.path === "/api/download/models/2000");
		assert.ok(hop?.authorization, "the base origin's hop went without the key");
		keyOnlyToCivitai(server);
	});

	it("a redirect from the red origin to the base origin's login page is the login redirect (auth)", async () => {
		const { server, engine } = await setup();
		server.faults.push({ version: 2000, attempt: "every", kind: "redirect", location: `${server.baseUrl}/login?returnUrl=%2F` });
		const summary = await download([`${server.redBaseUrl}/api/download/models/2000`], engine);
		assert.equal(summary.failed, 1);
		assert.equal(summary.failures[0]!.kind, "auth");
		assert.match(summary.failures[0]!.message, /login page/i);
		assert.deepEqual(
			server.requests.filter((r) => r.origin === "api" && r.path === "/login"),
			[],
			"the login page was requested",
		);
	});

	it("a redirect carrying the key to a third host is refused before it is followed", async () => {
		const { server, engine } = await setup();
		server.faults.push({ version: 2000, attempt: "every", kind: "redirect", location: "{storage}/model/2000/20000/x.bin?token={key}" });
		const summary = await download([`${server.redBaseUrl}/api/download/models/2000`], engine);
		assert.equal(summary.failed, 1);
		assert.deepEqual(
			server.requests.filter((r) => r.origin === "storage"),
			[],
		);
	});
});

describe("paid and early access", () => {
	it("--dry-run labels both shapes of early access and paid versions in the plan", async () => {
		const { engine, events } = await setup();
		await download(["version:7801", "model:7810", "version:7821", "version:2000"], { ...engine, dryRun: true });
		const plans = events.filter((e) => e.type === "plan");
		assert.deepEqual(
			plans.map((e) => (e.type === "plan" ? e.access : null)),
			[
				{ permanent: false, until: "2099-01-03T00:00:00.000Z" },
				{ permanent: false, until: "2099-02-01T00:00:00.000Z" },
				{ permanent: true, until: null },
				undefined,
			],
		);
	});

	it("a download refused with 403 says early access until the date, or paid", async () => {
		const { engine } = await setup();
		const summary = await download(["version:7801", "version:7811", "version:7821"], engine);
		assert.equal(summary.failed, 3);
		const byName = summary.failures.map((f) => [f.kind, f.message]);
		assert.deepEqual(
			byName.map(([k]) => k),
			["early_access", "early_access", "early_access"],
		);
		assert.match(byName[0]![1]!, /Early Access until 2099-01-03 \(403\)/);
		assert.match(byName[1]![1]!, /Early Access until 2099-02-01 \(403\)/);
		assert.match(byName[2]![1]!, /paid access: buy it on Civitai/);
	});
});

describe("civitai.red: rows that stay on civitai.com", () => {
	it("a re-downloaded civitai.com row keeps its own URL (it and its older rows stay one item)", async () => {
		const { engine, history } = await setup();
		const row: RowIn = {
			timestamp: "2024-05-01 10:00:00",
			model_type: "lora",
			url: "https://www.civitai.com/models/200?modelVersionId=2000",
			filename: "lora1.safetensors",
			model_id: "200",
			version_id: "2000",
			file_id: "",
			size_bytes: "",
			sha256: "",
			path: "",
		};
		const summary = await redownload([row], engine);
		assert.equal(summary.succeeded, 1, JSON.stringify(summary.failures));
		assert.equal((await history()).at(-1)!.url, row.url);
	});
});
