import assert from "node:assert/strict";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { asOrdinaryUser, fakeCivitai, KEY, runCli, runInTerminal, tempDir, webhookReceiver, writeConfig } from "../helpers.js";

describe("config init checks the API key with /api/v1/me", () => {
	it("on a terminal: hidden typing, a refused key asked again, then signed in as the key's user and saved", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const r = await runInTerminal(["config", "init", "--base-url", server.baseUrl], {
			cwd: dir,
			typed: [
				{ after: /Which UI keeps your models\?/, text: "none" },
				{ after: /Civitai API key \(/, text: "not-a-real-key" },
				{ after: /Civitai API key \(/, text: KEY },
			],
		});
		assert.equal(r.code, 0, r.stdout);
		assert.match(r.stdout, /Civitai API key \(.*typing is hidden; Enter to skip\)/);
		assert.match(r.stdout, /Civitai does not accept this key \(HTTP 401\)/);
		assert.match(r.stdout, /Signed in as local-tester\./);
		// the key is saved: the next step is a download, not setting a key
		assert.match(r.stdout, /Next: run civitai-dl get <url>\./);
		assert.doesNotMatch(r.stdout, /Next: set CIVITAI_API_KEY/);
		assert.doesNotMatch(r.stdout, /not-a-real-key/, "the typing is not echoed");
		assert.doesNotMatch(r.stdout, new RegExp(KEY), "the key is never shown");
		const written = JSON.parse(await readFile(join(dir, ".config/civitai-dl/config.json"), "utf8")) as { api_key: string };
		assert.equal(written.api_key, KEY);
		const me = server.requests.filter((q) => q.path === "/api/v1/me").map((q) => q.status);
		assert.deepEqual(me, [401, 200]);
	});

	it("Enter skips the key: nothing is asked of Civitai, the file has none", async () => {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const r = await runInTerminal(["config", "init", "--base-url", server.baseUrl], {
			cwd: dir,
			typed: [
				{ after: /Which UI keeps your models\?/, text: "" },
				{ after: /Civitai API key \(/, text: "" },
			],
		});
		assert.equal(r.code, 0, r.stdout);
		assert.match(r.stdout, /No key saved/);
		assert.match(r.stdout, /Next: set CIVITAI_API_KEY/);
		assert.equal(server.requests.filter((q) => q.path === "/api/v1/me").length, 0);
		const written = JSON.parse(await readFile(join(dir, ".config/civitai-dl/config.json"), "utf8")) as { api_key: string };
		assert.equal(written.api_key, "");
	});
});

describe("civitai-dl doctor: one line per check, exit 0 when all pass, 1 otherwise", () => {
	async function setup(extra: Record<string, unknown> = {}) {
		const server = await fakeCivitai();
		const dir = await tempDir();
		const config = await writeConfig(dir, extra);
		await writeFile(
			join(dir, "download_history.csv"),
			"timestamp,model_type,url,filename\r\r\n2025-10-20 21:03:11,lora,https://civitai.com/models/1,a.safetensors\r\r\n",
		);
		return { server, dir, config, env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl, CIVITAI_API_KEY: KEY } };
	}
	const fails = (out: string) => out.split("\n").filter((l) => l.startsWith("FAIL"));

	it("all good: every check ok, the webhook named but not sent and its secret not shown, exit 0", async () => {
		const hook = await webhookReceiver();
		const { dir, env, server } = await setup({
			notifications: { webhooks: [{ kind: "discord", url: hook.url("/api/webhooks/1/SECRET-TOKEN") }] },
		});
		const r = await runCli(["doctor"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.match(r.stdout, /^ok {4}config: .*config\.json\n/);
		assert.match(r.stdout, /^ok {4}API key: signed in as local-tester$/m);
		assert.match(r.stdout, new RegExp(`^ok {4}API: ${server.baseUrl} answers$`, "m"));
		assert.match(r.stdout, /^ok {4}folder \(lora\): .*models\/lora does not exist yet and will be created, .* free$/m);
		assert.match(r.stdout, /^ok {4}history: .*download_history\.csv, 1 row, UTF-8, readable and writable$/m);
		assert.match(r.stdout, /^ok {4}lock: free/m);
		assert.match(r.stdout, /^ok {4}webhook discord #1 \(127\.0\.0\.1:\d+\): configured \(not sent/m);
		assert.match(r.stdout, /Everything checked is fine\.\n$/);
		assert.doesNotMatch(r.stdout, /SECRET-TOKEN|^warn|^FAIL/m);
		assert.doesNotMatch(r.stdout, new RegExp(KEY));
		assert.equal(hook.received.length, 0, "nothing is sent without --notify");
	});

	it("a UI root that does not exist: a warning naming it, and no folder line calling a folder under it ok", async () => {
		const { dir, env } = await setup({ layout: "comfyui", root: "/typo/ComfyUI" });
		const r = await runCli(["doctor"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stdout + r.stderr);
		assert.match(
			r.stdout,
			/^warn {2}root \(comfyui\): \/typo\/ComfyUI does not exist, so its model folders would be made in a folder your comfyui does not read; check root/m,
		);
		assert.doesNotMatch(r.stdout, /typo\/ComfyUI\/models.*will be created/);
		assert.doesNotMatch(r.stdout, /^ok {4}folder/m);
		await mkdir(join(dir, "ComfyUI"));
		const fine = await runCli(["doctor"], {
			cwd: dir,
			env: { ...env, CIVITAI_DL_CONFIG: await writeConfig(dir, { layout: "comfyui", root: join(dir, "ComfyUI") }) },
		});
		assert.match(fine.stdout, /^ok {4}root \(comfyui\): .*ComfyUI$/m);
		assert.match(fine.stdout, /^ok {4}folder \(lora\): .*ComfyUI\/models\/loras does not exist yet and will be created/m);
	});

	it("a bad key: one FAIL line saying Civitai refuses it, exit 1", async () => {
		const { dir, env } = await setup();
		const r = await runCli(["doctor"], { cwd: dir, env: { ...env, CIVITAI_API_KEY: "expired-key-1234" } });
		assert.equal(r.code, 1);
		assert.deepEqual(fails(r.stdout), [
			"FAIL  API key: Civitai does not accept it (HTTP 401): it is wrong, expired or revoked. Make a new one at civitai.com → Account settings → API Keys",
		]);
		assert.match(r.stdout, /1 check failed/);
		assert.doesNotMatch(r.stdout, /expired-key/);
	});

	it("an unreachable API: one FAIL line naming the origin and the error, exit 1", async () => {
		const { dir, env } = await setup();
		const r = await runCli(["doctor"], { cwd: dir, env: { ...env, CIVITAI_BASE_URL: "http://127.0.0.1:9" } });
		assert.equal(r.code, 1);
		assert.deepEqual(fails(r.stdout), [
			"FAIL  API: cannot reach http://127.0.0.1:9 (the connection was refused); check the network, the proxy (http_proxy) or --base-url",
		]);
		assert.match(r.stdout, /^warn {2}API key: could not be checked/m);
	});

	it("an unwritable folder and a folder path through a file: one FAIL line each, exit 1", async () => {
		const { dir, env, config } = await setup();
		const locked = join(dir, "locked");
		await mkdir(locked);
		await chmod(locked, 0o555);
		await writeFile(join(dir, "a-file"), "x");
		const cfg = JSON.parse(await readFile(config, "utf8")) as Record<string, unknown>;
		await writeFile(config, JSON.stringify({ ...cfg, download_paths: { lora: locked, vae: join(dir, "a-file/vae") } }));
		const as = await asOrdinaryUser(dir);
		if (as.uid !== undefined) {
			await chmod(config, 0o644);
			await chmod(join(dir, "download_history.csv"), 0o666);
		}
		const r = await runCli(["doctor"], { ...as, cwd: dir, env });
		assert.equal(r.code, 1, r.stderr);
		assert.deepEqual(fails(r.stdout), [
			`FAIL  folder (lora): ${locked} is not writable by you; give your user write access (chown/chmod) or choose another folder`,
			`FAIL  folder (vae): ${join(dir, "a-file/vae")} cannot be a folder, because ${join(dir, "a-file")} is a file; move it away or fix download_paths`,
		]);
	});

	it("--notify sends a test message; --json gives one doctor_check per line and a summary; --lang ja", async () => {
		const hook = await webhookReceiver();
		const { dir, env } = await setup({ notifications: { webhooks: [{ kind: "json", url: hook.url("/hook/SECRET") }] } });
		const r = await runCli(["doctor", "--notify", "--json"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stdout + r.stderr);
		const lines = r.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		assert.ok(lines.slice(0, -1).every((l) => l.type === "doctor_check" && typeof l.message === "string"));
		// every NDJSON event has its time (docs/commands.md, "NDJSON events")
		assert.ok(lines.every((l) => typeof l.time === "string" && !Number.isNaN(Date.parse(l.time))));
		const { time: _, ...summary } = lines.at(-1)!;
		assert.deepEqual(summary, { type: "doctor_summary", ok: true, failed: 0 });
		assert.deepEqual(
			lines.filter((l) => l.check === "webhook").map((l) => [l.status, l.reason]),
			[["ok", "hook_sent"]],
		);
		assert.equal(hook.received.length, 1);
		assert.doesNotMatch(r.stdout, /SECRET/);
		const ja = await runCli(["doctor", "--lang", "ja"], { cwd: dir, env: { ...env, CIVITAI_API_KEY: "bad" } });
		assert.equal(ja.code, 1);
		assert.match(ja.stdout, /^失敗 {2}API キー: Civitai が受け付けません（HTTP 401）/m);
	});

	it("a config that does not load: one FAIL line with the error (no other checks), exit 1", async () => {
		const { dir, env, config } = await setup();
		await writeFile(config, '{ "api_key": "secret-in-file", }');
		const r = await runCli(["doctor"], { cwd: dir, env });
		assert.equal(r.code, 1);
		assert.deepEqual(fails(r.stdout), [
			`FAIL  config: ${config} line 1, column 32: JSON allows no comma before a closing bracket; remove that comma.`,
		]);
		assert.equal(r.stdout.trim().split("\n").length, 2, "the config line and the count");
		assert.doesNotMatch(r.stdout, /secret-in-file/);
	});

	it("a lock held by a running civitai-dl is a warning (exit 0), and doctor changes nothing", async () => {
		const { dir, env } = await setup();
		const { hostname } = await import("node:os");
		await mkdir(join(dir, "download_history.csv.lock"));
		await writeFile(join(dir, "download_history.csv.lock/owner.json"), JSON.stringify({ pid: process.pid, host: hostname() }));
		const r = await runCli(["doctor"], { cwd: dir, env });
		assert.equal(r.code, 0, r.stdout);
		assert.match(r.stdout, new RegExp(`^warn  lock: held by a civitai-dl run \\(pid ${process.pid} on `, "m"));
		assert.ok((await stat(join(dir, "download_history.csv.lock"))).isDirectory(), "doctor changes nothing");
	});
});
