import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fakeCivitai, KEY, runCli, tempDir, writeConfig } from "../helpers.js";

async function setup() {
	const server = await fakeCivitai();
	const dir = await tempDir();
	const config = await writeConfig(dir);
	const base = server.baseUrl;
	await writeFile(
		join(dir, "download_history.csv"),
		`timestamp,model_type,url,filename
2024-10-24 10:00:00,lora,${base}/models/200,lora1.safetensors
2024-10-24 10:01:00,lora,${base}/models/600,early.safetensors
`,
	);
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: base, CIVITAI_API_KEY: KEY };
	return { dir, run: (args: string[], e: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ...env, ...e } }) };
}

describe("Japanese and English", () => {
	it("LANG=ja_JP.UTF-8 redownload all --yes prints its summary and errors in Japanese", async () => {
		const { run } = await setup();
		const r = await run(["redownload", "all", "--yes"], { LANG: "ja_JP.UTF-8" });
		assert.equal(r.code, 1);
		assert.match(r.stdout, /\[1\] 完了 lora1\.safetensors: 200 KiB、SHA-256 検証済み/);
		assert.match(r.stderr, /\[2\] 失敗 early\.safetensors（early_access）: このバージョンは2099年1月1日まで早期アクセス限定です（403）/);
		assert.match(r.stdout, /結果\n {2}成功: +1\n {2}スキップ: +0\n {2}失敗: +1/);
		assert.match(r.stdout, /成功率: +50\.0%/);
		assert.match(r.stdout, /失敗リスト: .*failed-\d{8}-\d{6}\.csv/);
		assert.doesNotMatch(r.stdout + r.stderr, /Summary|succeeded|FAILED/);
	});

	it("--lang en overrides a Japanese locale, and --lang ja an English one", async () => {
		const { run } = await setup();
		const en = await run(["redownload", "all", "--yes", "--lang", "en"], { LANG: "ja_JP.UTF-8" });
		assert.match(en.stdout, /Summary\n {2}succeeded: 1/);
		const ja = await run(["history", "--lang", "ja"], { LANG: "en_US.UTF-8" });
		assert.match(ja.stdout, /に\d+件あります/);
		// before the command's name as well (it was an unknown option of the program)
		const before = await run(["--lang", "ja", "history"], { LANG: "en_US.UTF-8" });
		assert.equal(before.code, 0, before.stderr);
		assert.equal(before.stdout, ja.stdout);
	});

	it("usage errors, commander's errors and help are in the chosen language too", async () => {
		const { run } = await setup();
		const bad = await run(["get", "https://example.com/models/1"], { LANG: "ja_JP.UTF-8" });
		assert.equal(bad.code, 2);
		assert.match(
			bad.stderr,
			/"https:\/\/example\.com\/models\/1" は対象として使えません（example\.com は Civitai のホストではありません）/,
		);
		const before = await run(["--dry-run", "get", "model:1"]);
		assert.equal(before.code, 2);
		assert.match(
			before.stderr,
			/^civitai-dl: unknown option --dry-run.*\ncivitai-dl: a command's options go after its name: civitai-dl get --dry-run model:1\n$/s,
		);
		const unknown = await run(["get", "--frobnicate", "model:1"], { LANG: "ja_JP.UTF-8" });
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /^civitai-dl: 不明なオプション --frobnicate です/);
		const sleep = await run(["get", "model:1", "--sleep", "soon"], { LANG: "ja_JP.UTF-8" });
		assert.equal(sleep.code, 2);
		assert.match(sleep.stderr, /^civitai-dl: --sleep には0以上の数を指定してください（"soon" は使えません）。\n$/);
		const help = await run(["redownload", "--help"], { LANG: "ja_JP.UTF-8" });
		assert.equal(help.code, 0);
		assert.match(help.stdout, /^使い方: civitai-dl redownload/);
		assert.match(help.stdout, /オプション:/);
		assert.match(help.stdout, /--sleep <seconds> +ダウンロード要求の間と、一件終わるごとに待つ秒数/);
		assert.match(help.stdout, /例:\n {2}civitai-dl redownload all --yes/);
		const enHelp = await run(["redownload", "--help"]);
		assert.match(enHelp.stdout, /^Usage: civitai-dl redownload/);
		assert.match(enHelp.stdout, /--sleep <seconds> +seconds between download requests and after each/);
	});

	it("every command's help has a purpose, options with defaults, and two examples", async () => {
		const { run } = await setup();
		const commands = [["get"], ["redownload"], ["history"], ["verify"], ["import"], ["outdated"], ["update"], ["doctor"]];
		commands.push(["config"], ["config", "init"], ["config", "show"], ["config", "path"], ["schedule"], ["notify"], ["notify", "test"], []);
		for (const cmd of commands) {
			const r = await run([...cmd, "--help"]);
			assert.equal(r.code, 0, cmd.join(" "));
			const examples = r.stdout.split("Examples:\n")[1] ?? "";
			assert.equal(
				examples
					.trim()
					.split("\n")
					.filter((l) => l.trim().startsWith("civitai-dl")).length,
				2,
				`${cmd.join(" ")} examples`,
			);
		}
	});
});
