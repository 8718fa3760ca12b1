import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { stripAnsi } from "../../src/cli/text-width.js";
import { fakeCivitai, finalScreen, KEY, runCli, runInTerminal, tempDir, writeConfig } from "../helpers.js";

function hasScript(): boolean {
	try {
		execFileSync("script", ["--version"], { stdio: "ignore" });
		return true;
	} catch {
		return false;
	}
}

const skip = hasScript() ? false : "util-linux `script` is not installed, so no pseudo-terminal can be made (apt install bsdutils)";

describe("on a terminal", { skip }, () => {
	it("draws live bars with name, percent, size, speed and the overall line, and ends on the summary", async () => {
		// 2 MiB/s on a 512 KiB file and a LoRA: several frames get drawn
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 256 * 1024 }] });
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const r = await runInTerminal(["get", "model:100", "version:2000", "version:6000"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
			cols: 100,
		});
		const raw = r.stdout;
		assert.equal(r.code, 1, raw);
		const plain = stripAnsi(raw);
		// a bar for the checkpoint while it downloaded
		assert.match(plain, /checkpoint1\.safeten\S* +\[#*-*\] +\d+\.\d% +[\d.]+ KiB\/512 KiB +[\d.]+ KiB\/s/);
		assert.match(plain, /\d\/3 items \| \d ok \| 0 skipped \| \d failed/);
		assert.match(raw, /\x1b\[\?25l/, "the cursor is hidden while drawing");
		assert.match(raw, /\x1b\[\?25h/, "and shown again");
		const screen = finalScreen(raw);
		const text = screen.join("\n");
		// the final screen: messages, then the summary; no bar is left over
		assert.match(text, /\[1\] done checkpoint1\.safetensors: 512 KiB, SHA-256 verified/);
		assert.match(text, /\[3\] FAILED early\.safetensors \(early_access\)/);
		assert.match(text, /Summary\n {2}succeeded: 2\n {2}skipped: {3}0\n {2}failed: {4}1/);
		assert.doesNotMatch(text, /\[#+-*\]/);
		assert.doesNotMatch(text, /items \| /);
		// bars and the overall line fit the 100 columns (messages may wrap, as any terminal text does)
		const frameLines = plain.split(/\r?\n/).filter((l) => / items \| |\[[#-]+\]/.test(l));
		assert.ok(frameLines.length >= 3);
		for (const line of frameLines) assert.ok(line.length < 100, `a bar wider than the terminal: ${line}`);
	});

	it("config init asks for the layout and the root on a terminal; a root that is not there is asked again", async () => {
		const dir = await tempDir();
		await mkdir(join(dir, "stable-diffusion-webui-forge"));
		const r = await runInTerminal(["config", "init"], {
			cwd: dir,
			typed: [
				{ after: /Which UI keeps your models\?/, text: "forge" },
				{ after: /Folder of your forge install/, text: "stable-diffusion-webui-frog" },
				{ after: /is not a folder/, text: "stable-diffusion-webui-forge" },
				{ after: /Civitai API key \(/, text: "" },
			],
		});
		assert.equal(r.code, 0, r.stdout);
		assert.match(r.stdout, /Which UI keeps your models\?/);
		assert.match(r.stdout, /Folder of your forge install/);
		assert.match(
			r.stdout,
			/stable-diffusion-webui-frog is not a folder \(it does not exist, or it is a file\): give the folder your forge is installed in/,
		);
		assert.match(r.stdout, /No key saved/); // Enter skipped the API key
		const written = JSON.parse(await readFile(join(dir, ".config/civitai-dl/config.json"), "utf8")) as { layout: string; root: string };
		assert.deepEqual([written.layout, written.root], ["forge", join(dir, "stable-diffusion-webui-forge")]);
	});

	it("config init: Enter at the root question stops with the words of a terminal, writing nothing", async () => {
		const dir = await tempDir();
		const r = await runInTerminal(["config", "init"], {
			cwd: dir,
			typed: [
				{ after: /Which UI keeps your models\?/, text: "forge" },
				{ after: /Folder of your forge install/, text: "" },
			],
		});
		assert.equal(r.code, 2, r.stdout);
		assert.match(r.stdout, /No folder was given: the forge layout needs the folder your forge is installed in\. Nothing was written/);
		assert.doesNotMatch(r.stdout, /--root/, "no flag the user never typed");
		await assert.rejects(readFile(join(dir, ".config/civitai-dl/config.json")));
	});

	it("--no-progress on a terminal prints plain lines", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const r = await runInTerminal(["get", "version:2000", "--no-progress"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		assert.equal(r.code, 0, r.stdout);
		assert.doesNotMatch(r.stdout, /\x1b\[\d*F/);
		assert.match(r.stdout, /\[1\/1\] lora1\.safetensors \(lora, 200 KiB\)/);
	});

	it("colours on a terminal, never with NO_COLOR", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY };
		const coloured = await runInTerminal(["get", "version:6000", "--no-progress"], { cwd: dir, env });
		assert.match(coloured.stdout, /\x1b\[31m\[1\] FAILED/);
		const plain = await runInTerminal(["get", "version:6000", "--no-progress"], { cwd: dir, env: { ...env, NO_COLOR: "1" } });
		assert.doesNotMatch(plain.stdout, /\x1b\[\d+m/);
		const flag = await runInTerminal(["get", "version:6000", "--no-progress", "--no-color"], { cwd: dir, env });
		assert.doesNotMatch(flag.stdout, /\x1b\[\d+m/);
	});
});

describe("not on a terminal", () => {
	it("the same run prints plain lines: no carriage return, no escape sequence", async () => {
		const server = await fakeCivitai({ faults: [{ version: 1000, attempt: 1, kind: "throttle", bytesPerSecond: 256 * 1024 }] });
		const dir = await tempDir();
		const config = await writeConfig(dir);
		const r = await runCli(["get", "model:100", "version:2000", "version:6000"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY },
		});
		assert.equal(r.code, 1);
		assert.doesNotMatch(r.stdout + r.stderr, /\r/);
		assert.doesNotMatch(r.stdout + r.stderr, /\x1b/);
		assert.match(r.stdout, /succeeded: 2/);
	});
});
