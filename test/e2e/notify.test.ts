import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fakeCivitai, KEY, runCli, runInTerminal, tempDir, webhookReceiver, writeConfig } from "../helpers.js";

const SECRET = "SeCrEt-WeBhOoK-ToKeN";

async function setup(webhooks: unknown[], notifications: Record<string, unknown> = {}) {
	const server = await fakeCivitai();
	const dir = await tempDir();
	const config = await writeConfig(dir, { notifications: { webhooks, timeout_seconds: 1, retry_delays: [0.1, 0.1], ...notifications } });
	const env = { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: server.baseUrl };
	return {
		dir,
		baseUrl: server.baseUrl,
		run: (args: string[], e: Record<string, string> = {}) => runCli(args, { cwd: dir, env: { ...env, ...e } }),
	};
}

describe("webhooks at the end of a run", () => {
	it("discord, slack and json each get a well-formed payload for a run with a failure; item_failed fires per item", async () => {
		const r = await webhookReceiver(() => 204);
		const { run } = await setup([
			{ kind: "discord", url: r.url(`/discord/${SECRET}`), on: ["finished", "failed"] },
			{ kind: "slack", url: r.url(`/slack/${SECRET}`), on: ["failed"] },
			{ kind: "json", url: r.url(`/json/${SECRET}`) },
			{ kind: "json", url: r.url(`/items/${SECRET}`), on: ["item_failed"] },
			{ kind: "discord", url: r.url(`/only-finished/${SECRET}`), on: ["finished"] },
		]);
		// 6000 is in early access: one failure, one success
		const res = await run(["get", "version:2000", "version:6000"], { CIVITAI_API_KEY: KEY });
		assert.equal(res.code, 1, res.stderr);
		const by = (p: string) => r.received.filter((q) => q.path.startsWith(`/${p}/`));
		const discord = by("discord")[0]!.body as {
			content: string;
			embeds: { fields: { name: string; value: string }[]; description: string }[];
		};
		assert.match(discord.content, /the run finished with 1 failure/);
		assert.equal(discord.embeds[0]!.fields.find((f) => f.name === "Succeeded")!.value, "1");
		assert.match(discord.embeds[0]!.description, /early\.safetensors \(early_access\)/);
		const slack = by("slack")[0]!.body as { text: string };
		assert.match(slack.text, /^\*civitai-dl on .*: the run finished with 1 failure\*/);
		const json = by("json")[0]!.body as { event: string; summary: { succeeded: number; failed: number }; failed: { kind: string }[] };
		assert.equal(json.event, "failed");
		assert.deepEqual([json.summary.succeeded, json.summary.failed], [1, 1]);
		assert.deepEqual(
			json.failed.map((f) => f.kind),
			["early_access"],
		);
		const items = by("items");
		assert.equal(items.length, 1);
		assert.equal((items[0]!.body as { event: string }).event, "item_failed");
		assert.equal(by("only-finished").length, 0);
		// the output says each was notified, by kind and host only
		assert.match(res.stdout, /notified discord #1 \(127\.0\.0\.1:\d+\)/);
		assert.doesNotMatch(res.stdout + res.stderr, new RegExp(SECRET));
	});

	it("a webhook that fails or never answers neither changes the exit code nor holds the run past its timeouts", async () => {
		const failing = await webhookReceiver(() => 500);
		const hanging = await webhookReceiver(() => "hang");
		const { run } = await setup([
			{ kind: "json", url: failing.url(`/${SECRET}`) },
			{ kind: "slack", url: hanging.url(`/${SECRET}`) },
		]);
		const t0 = Date.now();
		const res = await run(["get", "version:2000", "--json"], { CIVITAI_API_KEY: KEY });
		const took = Date.now() - t0;
		assert.equal(res.code, 0, res.stderr);
		assert.equal(failing.received.length, 3);
		assert.equal(hanging.received.length, 3);
		// 3 attempts x 1 s timeout + 2 x 0.1 s waits, plus the run itself
		assert.ok(took < 8000, `took ${took} ms`);
		const events = res.stdout
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l) as { type: string; ok?: boolean; reason?: string; hook?: string });
		const notes = events.filter((e) => e.type === "notify");
		assert.deepEqual(
			notes.map((n) => [n.ok, n.reason]),
			[
				[false, "the webhook answered HTTP 500"],
				[false, "no answer within 1 s"],
			],
		);
		assert.doesNotMatch(res.stdout + res.stderr, new RegExp(SECRET));
		// nor does the API key, in the output or in what the webhooks received
		assert.doesNotMatch(res.stdout + res.stderr + JSON.stringify(failing.received) + JSON.stringify(hanging.received), new RegExp(KEY));
	});

	it("messages follow the run's language", async () => {
		const r = await webhookReceiver(() => 204);
		const { run } = await setup([{ kind: "slack", url: r.url(`/${SECRET}`) }]);
		const res = await run(["get", "version:2000"], { CIVITAI_API_KEY: KEY, LANG: "ja_JP.UTF-8" });
		assert.equal(res.code, 0, res.stderr);
		assert.match((r.received[0]!.body as { text: string }).text, /実行が完了しました/);
	});
});

describe("notify test", () => {
	it("sends a test message to each webhook and reports each result; exit 1 when one fails", async () => {
		const ok = await webhookReceiver(() => 204);
		const bad = await webhookReceiver(() => 404);
		const { run } = await setup([
			{ kind: "discord", url: ok.url(`/${SECRET}`), on: ["finished"] },
			{ kind: "slack", url: bad.url(`/${SECRET}`) },
		]);
		const res = await run(["notify", "test"]);
		assert.equal(res.code, 1);
		assert.match(res.stdout, /notified discord #1/);
		assert.match(
			res.stderr,
			/could not deliver the test message to slack #2 \(127\.0\.0\.1:\d+\) after 1 attempt: the webhook answered HTTP 404/,
		);
		assert.match((ok.received[0]!.body as { content: string }).content, /test message/);
		assert.doesNotMatch(res.stdout + res.stderr, new RegExp(SECRET));
	});

	it("without webhooks says where to add one (exit 2)", async () => {
		const { run } = await setup([]);
		const res = await run(["notify", "test"]);
		assert.equal(res.code, 2);
		assert.match(res.stderr, /No webhooks are configured\. Add one under "notifications\.webhooks"/);
	});

	it("a bad webhook URL in the config names the key but never shows the value", async () => {
		const { run } = await setup([{ kind: "discord", url: `not-a-url-${SECRET}` }]);
		const res = await run(["notify", "test"]);
		assert.equal(res.code, 2);
		assert.match(res.stderr, /"notifications\.webhooks\[0\]\.url" is \(hidden\)/);
		assert.doesNotMatch(res.stderr, new RegExp(SECRET));
	});
});

/** issue 27 point 9: a get typed at a terminal is watched; cron and schedule's runs are the ones to report. */
describe("which runs tell the webhooks", () => {
	async function hooked(notifications: Record<string, unknown> = {}) {
		const r = await webhookReceiver(() => 204);
		const s = await setup([{ kind: "json", url: r.url(`/run/${SECRET}`) }], notifications);
		return { r, ...s };
	}
	const terminal = async (s: Awaited<ReturnType<typeof hooked>>, args: string[], env: Record<string, string> = {}) => {
		const config = join(s.dir, "config.json");
		const res = await runInTerminal(["get", "version:2000", "--no-progress", ...args], {
			cwd: s.dir,
			env: { CIVITAI_DL_CONFIG: config, CIVITAI_BASE_URL: s.baseUrl, CIVITAI_API_KEY: KEY, ...env },
		});
		assert.equal(res.code, 0, res.stdout);
		return res;
	};

	it("a get on a terminal sends nothing by default; --notify sends; without a terminal it sends, --no-notify silences it", async () => {
		const s = await hooked();
		await terminal(s, []);
		assert.equal(s.r.received.length, 0, "a get typed at a terminal");
		await terminal(s, ["--notify", "--force"]);
		assert.equal(s.r.received.length, 1, "--notify");
		assert.equal((await s.run(["get", "version:2000", "--force"], { CIVITAI_API_KEY: KEY })).code, 0);
		assert.equal(s.r.received.length, 2, "no terminal (cron)");
		assert.equal((await s.run(["get", "version:2000", "--force", "--no-notify"], { CIVITAI_API_KEY: KEY })).code, 0);
		assert.equal(s.r.received.length, 2, "--no-notify");
	});

	it("a run schedule started sends even when schedule runs on a terminal", async () => {
		const s = await hooked();
		await terminal(s, [], { CIVITAI_DL_RUN_REPORT: join(s.dir, "report.json") });
		assert.equal(s.r.received.length, 1);
	});

	it('notifications.when: "always" sends from a terminal too, "never" only with --notify', async () => {
		const always = await hooked({ when: "always" });
		await terminal(always, []);
		assert.equal(always.r.received.length, 1);
		const never = await hooked({ when: "never" });
		assert.equal((await never.run(["get", "version:2000"], { CIVITAI_API_KEY: KEY })).code, 0);
		assert.equal(never.r.received.length, 0);
		assert.equal((await never.run(["get", "version:2000", "--force", "--notify"], { CIVITAI_API_KEY: KEY })).code, 0);
		assert.equal(never.r.received.length, 1);
		const shown = await never.run(["config", "show"]);
		assert.match(shown.stdout, /notifications\.when\s+never\s+\(config file\)/);
	});
});
