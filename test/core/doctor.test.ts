import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sitesOf } from "../../src/core/sites.js";

/** The origins besides the base one that doctor checks the key on: the configured red site only. */
const otherOrigins = (s: Parameters<typeof sitesOf>[0]) =>
	sitesOf(s)
		.all.slice(1)
		.map((x) => x.origin);

import {
	doctorExit,
	type FolderFacts,
	judgeApi,
	judgeConfig,
	judgeFolder,
	judgeFolders,
	judgeHistory,
	judgeHooks,
	judgeKey,
	judgeKeyElsewhere,
	judgeLock,
	judgeRoot,
	LOW_SPACE_BYTES,
	type MeAnswer,
} from "../../src/core/doctor.js";

const GiB = 2 ** 30;

describe("doctor: what each observation means", () => {
	it("config", () => {
		assert.deepEqual(judgeConfig("/c.json", true, null).status, "ok");
		assert.deepEqual(judgeConfig("/c.json", false, null).reason, { r: "config_missing", path: "/c.json" });
		assert.deepEqual(judgeConfig("/c.json", true, "bad JSON").status, "fail");
	});

	const me: [string, boolean, MeAnswer, string, string, string, string][] = [
		// name, has key, answer, key status, key reason, api status, api reason
		["a valid key", true, { kind: "user", username: "u" }, "ok", "key_ok", "ok", "api_ok"],
		["no key (401 still means Civitai answers)", false, { kind: "http", status: 401 }, "warn", "key_none", "ok", "api_ok"],
		["a refused key", true, { kind: "http", status: 401 }, "fail", "key_rejected", "ok", "api_ok"],
		["a forbidden key", true, { kind: "http", status: 403 }, "fail", "key_rejected", "ok", "api_ok"],
		["Civitai down", true, { kind: "http", status: 503 }, "warn", "key_unchecked", "fail", "api_status"],
		["no answer", true, { kind: "unreachable", code: "ECONNREFUSED" }, "warn", "key_unchecked", "fail", "api_unreachable"],
		["not Civitai", true, { kind: "bad_answer" }, "warn", "key_unchecked", "fail", "api_bad_answer"],
	];
	for (const [name, hasKey, answer, ks, kr, as, ar] of me) {
		it(`key and API: ${name}`, () => {
			const key = judgeKey(hasKey, answer);
			const api = judgeApi("https://civitai.com", answer);
			assert.deepEqual([key.status, key.reason.r, api.status, api.reason.r], [ks, kr, as, ar]);
		});
	}

	it("the key on the other origin: only the red one the settings name (issue 25, finding 9), at worst a warning", () => {
		const com = "https://civitai.com";
		assert.deepEqual(otherOrigins({ baseUrl: com, redBaseUrl: "https://civitai.red" }), ["https://civitai.red"]);
		assert.deepEqual(otherOrigins({ baseUrl: com, redBaseUrl: null }), [], "red_base_url null: the key stays on civitai.com");
		assert.deepEqual(otherOrigins({ baseUrl: "https://civitai.red", redBaseUrl: null }), [], "civitai.com is not named: not asked");
		assert.deepEqual(otherOrigins({ baseUrl: com, redBaseUrl: com }), [], "the same origin twice is one");
		assert.deepEqual(otherOrigins({ baseUrl: "http://127.0.0.1:8080", redBaseUrl: null }), [], "a local server has no twin");
		assert.deepEqual(otherOrigins({ baseUrl: "http://127.0.0.1:8080", redBaseUrl: "http://127.0.0.1:8081/" }), ["http://127.0.0.1:8081"]);
		const red = "https://civitai.red";
		const cases: [MeAnswer, string, string][] = [
			[{ kind: "user", username: "u" }, "ok", "key_elsewhere_ok"],
			[{ kind: "http", status: 401 }, "warn", "key_elsewhere_rejected"],
			[{ kind: "unreachable", code: "ENOTFOUND" }, "warn", "key_elsewhere_unchecked"],
			[{ kind: "http", status: 500 }, "warn", "key_elsewhere_unchecked"],
		];
		for (const [answer, status, r] of cases) {
			const x = judgeKeyElsewhere(red, answer);
			assert.deepEqual([x.status, x.reason.r], [status, r]);
		}
	});

	const folder = (x: Partial<FolderFacts>): FolderFacts => ({
		path: "/m/lora",
		categories: ["lora"],
		state: "dir",
		writable: true,
		parent: null,
		freeBytes: 100 * GiB,
		...x,
	});
	const folders: [string, FolderFacts, string, string][] = [
		["a writable folder", folder({}), "ok", "folder_ok"],
		[
			"a missing folder under a writable one",
			folder({ state: "missing", parent: { path: "/m", isDir: true } }),
			"ok",
			"folder_will_create",
		],
		["not writable", folder({ writable: false }), "fail", "folder_not_writable"],
		[
			"missing under a read-only parent",
			folder({ state: "missing", writable: false, parent: { path: "/m", isDir: true } }),
			"fail",
			"folder_not_writable",
		],
		["a file where the folder should be", folder({ state: "not_dir" }), "fail", "folder_blocked"],
		["a file on the way", folder({ state: "missing", writable: false, parent: { path: "/m", isDir: false } }), "fail", "folder_blocked"],
		["little space", folder({ freeBytes: LOW_SPACE_BYTES - 1 }), "warn", "folder_low_space"],
		["free space unknown", folder({ freeBytes: null }), "ok", "folder_ok"],
	];
	for (const [name, facts, status, r] of folders) {
		it(`folder: ${name}`, () => {
			const x = judgeFolder(facts);
			assert.deepEqual([x.status, x.reason.r], [status, r]);
		});
	}

	for (const [state, status, r] of [
		["dir", "ok", "root_ok"],
		["missing", "warn", "root_missing"],
		["not_dir", "fail", "root_not_dir"],
	] as const) {
		it(`root: ${state} → ${status}`, () => {
			const x = judgeRoot({ layout: "comfyui", path: "/ComfyUI", state });
			assert.deepEqual([x.status, x.reason.r], [status, r]);
		});
	}

	it("folders under a root that is not there are left out (the root's line says it); others stay", () => {
		const under = folder({ path: "/ComfyUI/models/loras", state: "missing", parent: { path: "/", isDir: true } });
		const elsewhere = folder({ path: "/other/vae", state: "missing", parent: { path: "/", isDir: true } });
		const missing = { layout: "comfyui", path: "/ComfyUI", state: "missing" as const };
		assert.deepEqual(
			judgeFolders([under, elsewhere], missing).map((x) => x.reason.r === "folder_will_create" && x.reason.path),
			["/other/vae"],
		);
		assert.equal(judgeFolders([under, elsewhere], { ...missing, state: "dir" }).length, 2);
		assert.equal(judgeFolders([under, elsewhere], null).length, 2);
	});

	it("history: one line, and extra lines only for what needs attention", () => {
		const h = { path: "/h.csv", exists: true, readError: null, writable: true, encoding: "UTF-8", rows: 3, skipped: 0 };
		assert.deepEqual(
			judgeHistory(h).map((x) => [x.status, x.reason.r]),
			[["ok", "history_ok"]],
		);
		assert.deepEqual(
			judgeHistory({ ...h, exists: false, encoding: null }).map((x) => x.reason.r),
			["history_new"],
		);
		assert.deepEqual(
			judgeHistory({ ...h, writable: false, encoding: "Shift-JIS", skipped: 2 }).map((x) => [x.status, x.reason.r]),
			[
				["fail", "history_not_writable"],
				["warn", "history_encoding"],
				["warn", "history_skipped"],
			],
		);
		assert.deepEqual(
			judgeHistory({ ...h, readError: "EACCES" }).map((x) => [x.status, x.reason.r]),
			[["fail", "history_unreadable"]],
		);
	});

	it("lock and webhooks", () => {
		assert.equal(judgeLock("/l", { state: "free" }).status, "ok");
		assert.deepEqual(judgeLock("/l", { state: "held", pid: 7, host: "h" }).reason.r, "lock_held");
		assert.deepEqual(judgeLock("/l", { state: "gone", pid: 7, host: "h" }).reason.r, "lock_gone");
		assert.deepEqual(
			judgeHooks([]).map((x) => x.reason.r),
			["hooks_none"],
		);
		const hooks = judgeHooks([
			{ hook: "discord #1 (discord.com)", sent: null },
			{ hook: "slack #2 (hooks.slack.com)", sent: { ok: true, reason: null } },
			{ hook: "json #3 (x)", sent: { ok: false, reason: "HTTP 404" } },
		]);
		assert.deepEqual(
			hooks.map((x) => [x.status, x.reason.r]),
			[
				["ok", "hook_ready"],
				["ok", "hook_sent"],
				["fail", "hook_failed"],
			],
		);
		assert.equal(doctorExit(hooks), 1);
		assert.equal(doctorExit(hooks.slice(0, 2)), 0);
		assert.equal(doctorExit([judgeKey(false, { kind: "http", status: 401 })]), 0, "a warning passes");
	});
});
