import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { messages } from "../../src/i18n/index.js";
import { MAX_LISTED_MODELS, type OutdatedNote, outdatedPayload } from "../../src/notify/outdated-payload.js";
import { fakeCivitai, runCli, tempDir, webhookReceiver, writeConfig } from "../helpers.js";
import { cli, updateCatalogue, writeUpdateHistory } from "./fixtures.js";

function note(i: number, changed = false): OutdatedNote {
	return {
		modelId: i,
		name: `Model ${i}`,
		have: { id: i * 10 + 1, name: "v1", baseModel: "SDXL 1.0" },
		newest: { id: i * 10 + 2, name: "v2", baseModel: changed ? "Pony" : "SDXL 1.0", publishedAt: "2026-11-01T00:00:00.000Z" },
		baseModelChanged: changed,
	};
}

describe("the outdated webhook", () => {
	it("Discord: the count in the title, the list in the embed, markdown and mentions defused", () => {
		const p = outdatedPayload("discord", [note(1), note(2, true), { ...note(3), name: "@everyone [x](http://e)" }], messages("en"), "box");
		assert.equal(p.content, "civitai-dl on box: 3 models have new versions");
		const embed = (p.embeds as { title?: string; description: string }[])[0]!;
		assert.equal(embed.title, undefined, "the title is the content: said once");
		assert.match(embed.description, /^• Model 1: v1 \\\(\\#11\\\) → v2 \\\(\\#12\\\) \(SDXL 1\.0\)$/m);
		assert.match(embed.description, /Model 2: .*\(Pony, another base model\)/);
		assert.match(embed.description, /\\@everyone \\\[x\\\]\\\(http\\:\/\/e\\\)/);
		assert.deepEqual(p.allowed_mentions, { parse: [] });
	});

	it("Slack: the list in the text; a long list ends with …and N more; Japanese words", () => {
		const many = Array.from({ length: MAX_LISTED_MODELS + 5 }, (_, i) => note(i + 1));
		const p = outdatedPayload("slack", many, messages("en"), "box") as { text: string };
		assert.match(p.text, /^\*civitai-dl on box: 30 models have new versions\*\n• Model 1: /);
		assert.match(p.text, /• …and 5 more$/);
		const ja = outdatedPayload("slack", [note(1)], messages("ja"), "box") as { text: string };
		assert.match(ja.text, /1件のモデルに新しいバージョンがあります/);
	});

	it("outdated sends it to the webhooks whose `on` has `outdated`, and only when something is outdated", async () => {
		const hook = await webhookReceiver(() => 204);
		const server = await fakeCivitai({ catalogue: updateCatalogue(10) });
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			base_url: server.baseUrl,
			notifications: {
				webhooks: [
					{ kind: "json", url: hook.url("/json"), on: ["outdated"] },
					{ kind: "slack", url: hook.url("/slack"), on: ["outdated"] },
					{ kind: "discord", url: hook.url("/discord"), on: ["finished", "failed"] },
				],
			},
		});
		await writeUpdateHistory(dir, server.baseUrl, 10);
		const r = await cli(["outdated", "--config", config], dir);
		assert.equal(r.code, 0, r.stderr);
		assert.deepEqual(hook.received.map((x) => x.path).sort(), ["/json", "/slack"]);
		const json = hook.received.find((x) => x.path === "/json")!.body as { event: string; title: string; models: { modelId: number }[] };
		assert.equal(json.event, "outdated");
		assert.match(json.title, /6 models have new versions/);
		assert.deepEqual(
			json.models.map((x) => x.modelId).sort((a, b) => a - b),
			[1, 2, 4, 6, 7, 9],
		);
		const slack = hook.received.find((x) => x.path === "/slack")!.body as { text: string };
		assert.match(slack.text, /• Model 2: v1 \(#21\) → v2 \(#22\) \(Pony, another base model\)/);
	});

	it("e2e: schedule -- outdated runs the check from the bundle and reports it", async () => {
		const hook = await webhookReceiver(() => 204);
		const server = await fakeCivitai({ catalogue: updateCatalogue(10) });
		const dir = await tempDir();
		const config = await writeConfig(dir, {
			base_url: server.baseUrl,
			notifications: { webhooks: [{ kind: "json", url: hook.url("/json"), on: ["outdated"] }] },
		});
		await writeUpdateHistory(dir, server.baseUrl, 10);
		const r = await runCli(["schedule", "* * * * * *", "--max-runs", "1", "--", "outdated"], {
			cwd: dir,
			env: { CIVITAI_DL_CONFIG: config },
			timeoutMs: 30_000,
		});
		assert.equal(r.code, 0, r.stderr);
		assert.match(r.stdout, /starting: civitai-dl outdated/);
		assert.match(r.stdout, /6 of 10 models have a newer version/);
		assert.match(r.stdout, /finished with exit code 0/);
		assert.equal(hook.received.length, 1);
		assert.equal(server.requests.filter((q) => q.path === "/api/v1/models").length, 1);
	});
});
