import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readCsv } from "../../src/history/csv-file.js";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

describe("civitai-dl schedule", () => {
	it('"* * * * * *" -- redownload all --yes: runs repeatedly, never overlaps a slow run, continues after a failed run', async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		// pacing makes the first run (three downloads) outlast a tick; 6000 is in early access, so every run fails one item
		const config = await writeConfig(dir, {
			rate_limit_settings: {
				sleep_between_downloads: 0.6,
				retry_delays: [0.2],
				speed_threshold_kbps: 1,
				slow_duration_threshold_seconds: 5,
			},
		});
		const base = server.baseUrl;
		await writeFile(
			join(dir, "download_history.csv"),
			`timestamp,model_type,url,filename
2024-10-24 10:00:00,lora,${base}/models/200,lora1.safetensors
2024-10-24 10:01:00,lora,${base}/models/201,lora2.safetensors
2024-10-24 10:02:00,embedding,${base}/models/300,embedding1.pt
2024-10-24 10:03:00,lora,${base}/models/600,early.safetensors
`,
		);
		const r = await runCli(["schedule", "* * * * * *", "--max-runs", "3", "--", "redownload", "all", "--yes", "--no-progress"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: base, CIVITAI_API_KEY: KEY },
			timeoutMs: 40_000,
		});
		assert.equal(r.code, 0, r.stderr);
		const out = r.stdout;
		assert.match(out, /^Next runs: (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(, )?){3}\n/);
		// start, end, start, end...: never two starts in a row
		const marks = [...out.matchAll(/\] (starting|finished)/g)].map((m) => m[1]);
		assert.deepEqual(marks, ["starting", "finished", "starting", "finished", "starting", "finished"]);
		assert.equal([...out.matchAll(/finished with exit code 1 \(some items failed\)/g)].length, 3);
		assert.match(out, /skipped this scheduled run: the run started at .* is still going/);
		assert.match(out, /Next run: /);
		assert.match(out, /Schedule stopped after 3 runs\./);
		// the first run downloaded three files; the later ones skipped them
		const rows = (await readCsv(join(dir, "download_history.csv"))).rows;
		assert.equal(rows.length, 4 + 3);
		assert.equal(server.requests.filter((q) => q.path === "/api/download/models/2000").length, 1);
	});

	it("refuses a bad cron expression or time zone before running anything (exit 2)", async () => {
		const dir = await tempDir();
		const bad = await runCli(["schedule", "every night", "--", "redownload", "all", "--yes"], { cwd: dir });
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /"every night" is not a cron expression/);
		const tz = await runCli(["schedule", "0 3 * * *", "--tz", "Mars/Base", "--", "redownload", "all", "--yes"], { cwd: dir });
		assert.equal(tz.code, 2);
		assert.match(tz.stderr, /--tz "Mars\/Base" is not a time zone/);
	});
});
