import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fault } from "../../fake-civitai/faults.js";
import { fakeCivitai, KEY, runCli, smallCatalogue, tempDir, writeConfig } from "../helpers.js";

/**
 * Issue 19 item 2: a hostile server's text (error bodies, HTML titles, model and file names) and
 * a shared CSV's cells never reach the terminal or the failed list with escape codes in them.
 */
const TITLE = "\x1b]0;pwned\x07";
const CLEAR = "\x1b[2J";
const LINK = (text: string) => `\x1b]8;;http://evil.example\x1b\\${text}\x1b]8;;\x1b\\`;
const CONTROL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

function catalogue() {
	const c = smallCatalogue();
	c.models.push({
		id: 950,
		name: `${TITLE}Evil${CLEAR} \u202Emodel`,
		type: `LORA${CLEAR}`,
		versions: [
			{
				id: 9500,
				name: `v1${TITLE}`,
				files: [{ id: 95000, name: `${LINK("evil")}\u202Efdp.safetensors`, sizeBytes: 4096, primary: true }],
			},
		],
	});
	return c;
}

async function run(args: string[], faults: Fault[] = []) {
	const server = await fakeCivitai({ catalogue: catalogue(), faults });
	const dir = await tempDir();
	const config = await writeConfig(dir, {
		rate_limit_settings: { sleep_between_downloads: 0, retry_delays: [0.1], speed_threshold_kbps: 0, slow_duration_threshold_seconds: 2 },
	});
	const r = await runCli([...args, "--failed-out", "f.csv", "--no-progress"], {
		cwd: dir,
		env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		timeoutMs: 30_000,
	});
	const label = JSON.stringify(r.stdout + r.stderr);
	assert.doesNotMatch(r.stdout, CONTROL, `stdout is clean: ${label}`);
	assert.doesNotMatch(r.stderr, CONTROL, `stderr is clean: ${label}`);
	const failed = await readFile(join(dir, "f.csv"), "utf8").catch(() => "");
	assert.doesNotMatch(failed, CONTROL, `the failed list is clean: ${JSON.stringify(failed)}`);
	const history = await readFile(join(dir, "download_history.csv"), "utf8").catch(() => "");
	assert.doesNotMatch(history.replace(/\n/g, ""), CONTROL, `the history is clean: ${JSON.stringify(history)}`);
	return { r, failed, dir, config, server };
}

describe("server text with escape codes (plain output)", () => {
	const page = (status: number, contentType: string, body: string): Fault[] => [
		{ version: 9500, attempt: "every", kind: "error_page", status, contentType, body },
	];

	it("a 404 JSON error and message", async () => {
		const body = JSON.stringify({ error: `${TITLE}File ${CLEAR}not found`, message: `${LINK("click here")}\x07\x1b[31m` });
		const { r, failed } = await run(["get", "version:9500"], page(404, "application/json", body));
		assert.equal(r.code, 1);
		assert.match(r.stderr, /File not found: click here/);
		assert.match(failed, /not_found,.*File not found: click here/);
	});

	it("a 401 JSON message", async () => {
		const body = JSON.stringify({ error: "Unauthorized", message: `Log in${TITLE}${CLEAR}` });
		const { r, failed } = await run(["get", "version:9500"], page(401, "application/json", body));
		assert.equal(r.code, 1);
		assert.match(r.stderr, /Unauthorized: Log in/);
		assert.match(failed, /auth,/);
	});

	it("an HTML page's title", async () => {
		const body = `<html><head><title>${TITLE}Gone${CLEAR}\u202E</title></head><body>x</body></html>`;
		const { r } = await run(["get", "version:9500"], page(404, "text/html", body));
		assert.equal(r.code, 1);
		assert.match(r.stderr, /"Gone" \(HTML\)/);
	});

	it("a plain-text body", async () => {
		const { r } = await run(["get", "version:9500"], page(403, "text/plain", `denied${TITLE}\r\x1b[Know`));
		assert.equal(r.code, 1);
		assert.match(r.stderr, /denied now/);
	});

	it("the storage's XML error", async () => {
		const body = `<?xml version="1.0"?><Error><Code>Access${CLEAR}Denied</Code><Message>${TITLE}${LINK("expired")}</Message></Error>`;
		const fault: Fault = { version: 9500, attempt: "every", kind: "storage_page", status: 404, contentType: "application/xml", body };
		const { r, failed } = await run(["get", "version:9500"], [fault]);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /AccessDenied: expired/);
		assert.match(failed, /AccessDenied: expired/);
	});

	it("a model name in an error", async () => {
		const { r, failed } = await run(["get", "https://civitai.com/models/950?modelVersionId=1"]);
		assert.equal(r.code, 1);
		assert.match(r.stderr, /not a version of model 950 \(Evil model\)/);
		assert.equal(failed, "", "a target that names nothing to download is not listed (issue 27, point 14)");
	});

	it("a file and model name in a successful download, and in the history", async () => {
		const { r, dir, config, server } = await run(["get", "version:9500"]);
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /evilfdp\.safetensors/);
		// and `history` prints the history it wrote, plus a shared CSV's hostile cells, cleanly
		const csv = join(dir, "download_history.csv");
		const text = await readFile(csv, "utf8");
		await writeFile(
			csv,
			`${text}2026-01-01 00:00:00,LORA,https://civitai.com/api/download/models/1${TITLE},x${CLEAR}.safetensors,,,,,,/tmp/p${CLEAR}\n`,
		);
		const h = await runCli(["history"], { cwd: dir, env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl } });
		assert.equal(h.code, 0, h.stderr);
		assert.doesNotMatch(h.stdout + h.stderr, CONTROL, JSON.stringify(h.stdout));
		assert.match(h.stdout, /evilfdp\.safetensors/);
		assert.match(h.stdout, /x\.safetensors {2}https:\/\/civitai\.com\/api\/download\/models\/1\n/);
	});
});
