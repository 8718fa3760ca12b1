import assert from "node:assert/strict";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fakeCivitai, KEY, runCli, tempDir, webhookReceiver, writeConfig } from "../helpers.js";
import { pictured } from "../sidecars/pictured.js";

describe("report and the run log, through the bundle", async () => {
	const server = await fakeCivitai({ catalogue: pictured() });
	async function setup() {
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const run = (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ...env, ...extra } });
		const runs = async () =>
			(await readFile(join(dir, "download_history.csv.runs.jsonl"), "utf8").catch(() => ""))
				.split("\n")
				.filter(Boolean)
				.map((l) => JSON.parse(l) as Record<string, unknown>);
		return { dir, run, runs };
	}

	it("every run that downloads or checks adds one line to the run log; a dry run adds none", async () => {
		const { dir, run, runs } = await setup();
		assert.equal((await run(["get", "version:9500", "version:2000", "--dry-run"])).code, 0);
		assert.deepEqual(await runs(), []);
		assert.equal((await run(["get", "version:9500", "version:2000", "version:424242"])).code, 1);
		assert.equal((await run(["verify"])).code, 0);
		assert.equal((await run(["outdated"])).code, 0);
		assert.equal((await run(["update", "--yes"])).code, 0);
		assert.equal((await run(["redownload", "all", "--yes"])).code, 0);
		await writeFile(join(dir, "models/lora/stranger.safetensors"), "not from civitai");
		assert.equal((await run(["import"])).code, 0);
		const lines = await runs();
		assert.deepEqual(
			lines.map((l) => l.command),
			["get", "verify", "outdated", "update", "redownload", "import"],
		);
		const [get, verify, outdated, update, again, imported] = lines;
		assert.deepEqual([get!.downloaded, get!.failed, get!.exitCode], [2, 1, 1]);
		assert.deepEqual(get!.failures, [
			{ name: "version:424242", kind: "not_found", message: "Not found on Civitai (404): Model not found" },
		]);
		// a target typed on the command line that names nothing on Civitai gets no failed list (issue 27 point 14): nothing to re-run
		assert.deepEqual(get!.rerun, []);
		assert.deepEqual([verify!.checked, verify!.found, verify!.failed], [2, 0, 0]);
		assert.deepEqual([outdated!.checked, outdated!.found], [2, 0]);
		assert.deepEqual([update!.checked, update!.downloaded], [2, 0]);
		assert.deepEqual([again!.skipped, again!.downloaded], [2, 0]);
		assert.deepEqual([imported!.checked, imported!.found], [3, 0]);
		for (const l of lines) assert.match(String(l.startedAt), /^\d{4}-\d\d-\d\dT/);
	});

	it("writes one offline page next to the history; --out elsewhere addresses the previews from there", async () => {
		const { dir, run } = await setup();
		assert.equal((await run(["get", "version:9500", "version:2000"])).code, 0);
		const r = await run(["report"]);
		assert.equal(r.code, 0, r.stderr);
		const page = join(dir, "civitai-dl-report.html");
		assert.equal(r.stdout, `The report is ${page}\n`);
		const html = await readFile(page, "utf8");
		assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src &#39;self&#39; file:;/);
		assert.match(html, /<img src="models\/lora\/pictured\.preview\.jpeg"/);
		assert.match(html, /<h3 [^>]*>Pictured<\/h3>/, "the model's name from its .civitai.info");
		assert.match(html, /pic_word, second word/, "its trained words");
		const out = await run(["report", "--out", "pages/lib/index.html", "--json"]);
		assert.equal(out.code, 0, out.stderr);
		const event = JSON.parse(out.stdout);
		assert.deepEqual([event.type, event.path, event.models, event.runs], ["report", join(dir, "pages/lib/index.html"), 2, 1]);
		assert.match(await readFile(join(dir, "pages/lib/index.html"), "utf8"), /<img src="\.\.\/\.\.\/models\/lora\/pictured\.preview\.jpeg"/);
	});

	it("--check verifies and asks Civitai first; --lang ja words the page in Japanese", async () => {
		const { dir, run } = await setup();
		assert.equal((await run(["get", "version:9500"])).code, 0);
		const before = await readFile(join(dir, "civitai-dl-report.html"), "utf8").catch(() => "");
		assert.equal(before, "");
		const plain = await run(["report"]);
		assert.equal(plain.code, 0);
		assert.match(await readFile(join(dir, "civitai-dl-report.html"), "utf8"), /st-not_checked/);
		const r = await run(["report", "--check", "--lang", "ja"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /pictured\.safetensors/, "verify's lines");
		assert.match(r.stdout, /レポート: /);
		const html = await readFile(join(dir, "civitai-dl-report.html"), "utf8");
		assert.match(html, /<html lang="ja">/);
		assert.match(html, /<span class="st st-verified">検証済み<\/span>/);
	});

	it("--open hands the page to the system's opener", async () => {
		const { dir, run } = await setup();
		const bin = join(dir, "bin");
		await mkdir(bin);
		const opener = join(bin, "xdg-open");
		await writeFile(opener, `#!/bin/sh\nprintf '%s' "$1" > "${join(dir, "opened.txt")}"\n`);
		await chmod(opener, 0o755);
		const r = await run(["report", "--open"], { PATH: `${bin}:${process.env.PATH}` });
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /Handed it to xdg-open, which opens it in your default browser\.\n$/);
		for (let i = 0; i < 50 && !(await readFile(join(dir, "opened.txt"), "utf8").catch(() => "")); i++)
			await new Promise((d) => setTimeout(d, 50));
		assert.equal(await readFile(join(dir, "opened.txt"), "utf8"), join(dir, "civitai-dl-report.html"));
		const none = await run(["report", "--open"], { PATH: join(dir, "empty") });
		assert.equal(none.code, 0);
		assert.match(none.stderr, /warning: Could not open .*civitai-dl-report\.html \(.*ENOENT.*\); open it in a browser yourself\./);
		assert.doesNotMatch(none.stdout, /Handed it to/);
	});

	it("history points at the report", async () => {
		const { dir, run } = await setup();
		assert.equal((await run(["get", "version:2000"])).code, 0);
		const r = await run(["history"]);
		assert.match(
			r.stdout,
			new RegExp(`As a page with previews and status: civitai-dl report \\(writes ${join(dir, "civitai-dl-report.html")}\\)\n$`),
		);
	});

	it("the end-of-run webhooks say where the report page is, once there is one", async () => {
		const hooks = await webhookReceiver(() => 204);
		const dir = await tempDir();
		const webhooks = [
			{ kind: "json", url: hooks.url("/json") },
			{ kind: "discord", url: hooks.url("/discord") },
		];
		const config = await writeConfig(dir, { notifications: { webhooks, timeout_seconds: 1, retry_delays: [0.1] } });
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const run = (args: string[]) => runCli(args, { cwd: dir, env });
		assert.equal((await run(["get", "version:2000"])).code, 0);
		assert.equal((hooks.received[0]!.body as { reportPath?: string }).reportPath, undefined, "no page yet");
		assert.equal((await run(["report"])).code, 0);
		assert.equal((await run(["get", "version:3000"])).code, 0);
		const page = join(dir, "civitai-dl-report.html");
		const [json, discord] = hooks.received
			.slice(-2)
			.sort((a, b) => a.path.localeCompare(b.path))
			.reverse();
		assert.equal((json!.body as { reportPath?: string }).reportPath, page);
		assert.match(
			(discord!.body as { embeds: { description: string }[] }).embeds[0]!.description,
			/The library as a page: .*civitai-dl-report\.html/,
		);
	});

	it("an empty history is a page that says so", async () => {
		const { dir, run } = await setup();
		const r = await run(["report"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(await readFile(join(dir, "civitai-dl-report.html"), "utf8"), /The history is empty/);
	});
});
