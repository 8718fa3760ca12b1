import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RunSummary } from "../../src/core/summary.js";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";
import {
	DISCORD_LIMITS,
	discordEscape,
	discordPayload,
	jsonPayload,
	runOutcome,
	SLACK_TEXT_LIMIT,
	slackEscape,
	slackPayload,
	wants,
} from "../../src/notify/payloads.js";

function summary(over: Partial<RunSummary> = {}): RunSummary {
	return {
		total: 5,
		succeeded: 3,
		skipped: 1,
		failed: 1,
		parked: 0,
		retries: 2,
		successfulRetries: 1,
		rateLimited: 0,
		successRate: 0.75,
		bytes: 3 * 1024 * 1024,
		elapsedMs: 65_000,
		stoppedBy: null,
		failedListPath: "/data/failed-20261127-030000.csv",
		rerun: ["redownload", "--from", "/data/failed-20261127-030000.csv"],
		failures: [{ name: "members.safetensors", kind: "auth", message: "Civitai requires you to log in to download this file." }],
		...over,
	};
}

describe("which occasion a run's end is", () => {
	const cases: [Partial<RunSummary>, string][] = [
		[{ failed: 0, parked: 0, failures: [] }, "finished"],
		[{ failed: 2 }, "failed"],
		[{ failed: 1, parked: 4, stoppedBy: "quota" }, "parked"],
		[{ failed: 1, parked: 2, stoppedBy: "disk" }, "parked"],
		[{ failed: 0, parked: 3, stoppedBy: "interrupt" }, "failed"],
		[{ failed: 3, parked: 17, stoppedBy: "outage" }, "parked"],
	];
	for (const [over, want] of cases) {
		it(`${JSON.stringify(over)} → ${want}`, () => assert.equal(runOutcome(summary(over)), want));
	}
	it("a webhook gets only what its `on` asks for; a test goes to every webhook", () => {
		assert.equal(wants({ on: ["finished"] }, { type: "run", summary: summary() }), false);
		assert.equal(wants({ on: ["failed"] }, { type: "run", summary: summary() }), true);
		assert.equal(wants({ on: ["finished"] }, { type: "item_failed", name: "x", kind: "auth", message: "m" }), false);
		assert.equal(wants({ on: ["item_failed"] }, { type: "item_failed", name: "x", kind: "auth", message: "m" }), true);
		assert.equal(wants({ on: [] }, { type: "test" }), true);
	});
});

describe("a parked message names its cause", () => {
	const title = (over: Partial<RunSummary>) => (jsonPayload({ type: "run", summary: summary(over) }, en, "box") as { title: string }).title;
	it("quota", () => assert.match(title({ parked: 4, stoppedBy: "quota" }), /daily download quota.*4 items are parked/));
	it("outage", () =>
		assert.match(title({ failed: 3, parked: 17, stoppedBy: "outage" }), /Civitai looks down or unreachable; 17 items are parked/));
	it("disk", () => assert.match(title({ parked: 2, stoppedBy: "disk" }), /disk is full/));
	it("every kind of webhook says it", () => {
		const o = { type: "run" as const, summary: summary({ failed: 3, parked: 17, stoppedBy: "outage" }) };
		assert.match(JSON.stringify(discordPayload(o, en, "box")), /Civitai looks down or unreachable/);
		assert.match(JSON.stringify(slackPayload(o, en, "box")), /Civitai looks down or unreachable/);
	});
});

describe("Discord payload", () => {
	it("has the summary as fields, the failures listed, and pings nobody", () => {
		const p = discordPayload({ type: "run", summary: summary() }, en, "box") as {
			content: string;
			embeds: { title: string; description: string; fields: { name: string; value: string }[] }[];
			allowed_mentions: { parse: string[] };
		};
		assert.match(p.content, /civitai-dl on box: the run finished with 1 failure/);
		assert.equal(p.embeds.length, 1);
		const fields = Object.fromEntries(p.embeds[0]!.fields.map((f) => [f.name, f.value]));
		assert.equal(fields.Succeeded, "3");
		assert.equal(fields.Failed, "1");
		assert.equal(fields["Success rate"], "75.0%");
		assert.match(p.embeds[0]!.description, /members\.safetensors \(auth\)/);
		assert.match(p.embeds[0]!.description, /redownload --from \/data\/failed-20261127-030000\.csv/);
		assert.deepEqual(p.allowed_mentions, { parse: [] });
	});

	it("stays within Discord's limits with hundreds of long failures", () => {
		const failures = Array.from({ length: 300 }, (_, i) => ({
			name: `${"x".repeat(300)}-${i}`,
			kind: "network" as const,
			message: "y".repeat(500),
		}));
		const p = discordPayload({ type: "run", summary: summary({ failed: 300, failures }) }, en, "h".repeat(3000)) as {
			content: string;
			embeds: { title: string; description: string; fields: { name: string; value: string }[] }[];
		};
		const e = p.embeds[0]!;
		assert.ok([...p.content].length <= DISCORD_LIMITS.content);
		assert.equal(e.title, undefined, "the title is the content, said once (issue 27, point 20)");
		assert.ok([...e.description].length <= DISCORD_LIMITS.description);
		assert.ok(e.fields.length <= DISCORD_LIMITS.fields);
		const total = [...e.description].length + e.fields.reduce((n, f) => n + [...f.name].length + [...f.value].length, 0);
		assert.ok(total <= DISCORD_LIMITS.total, `embed total ${total}`);
		assert.match(e.description, /and \d+ more in the failed list\n.*Failed list: /);
	});

	it("speaks Japanese when the run does", () => {
		const p = discordPayload({ type: "run", summary: summary() }, ja, "box") as { content: string };
		assert.match(p.content, /実行が完了しました（失敗1件）/);
	});
});

describe("Slack payload", () => {
	it("is {text} in mrkdwn with names escaped", () => {
		const s = summary({ failures: [{ name: "<@channel> & co.safetensors", kind: "not_found", message: "gone" }] });
		const p = slackPayload({ type: "run", summary: s }, en, "box") as { text: string };
		assert.deepEqual(Object.keys(p), ["text"]);
		assert.match(p.text, /^\*civitai-dl on box: the run finished with 1 failure\*/);
		assert.match(p.text, /&lt;@channel&gt; &amp; co\.safetensors/);
		assert.doesNotMatch(p.text, /<@channel>/);
		assert.match(p.text, /Succeeded 3 · Skipped 1 · Failed 1/);
	});
	it("is cut to its limit", () => {
		const failures = Array.from({ length: 50 }, (_, i) => ({ name: `n${i}`, kind: "network" as const, message: "z".repeat(900) }));
		const p = slackPayload({ type: "run", summary: summary({ failures }) }, en, "box") as { text: string };
		assert.ok([...p.text].length <= SLACK_TEXT_LIMIT);
	});
	it("escapes only &, < and >", () => assert.equal(slackEscape("a<b>&c*d"), "a&lt;b&gt;&amp;c*d"));
});

describe("JSON payload", () => {
	it("carries the summary object and the failed items", () => {
		const s = summary();
		const p = jsonPayload({ type: "run", summary: s }, en, "box") as Record<string, unknown>;
		assert.equal(p.event, "failed");
		assert.deepEqual(p.summary, s);
		assert.deepEqual(p.failed, s.failures);
	});
});

describe("fitting failures into a message", () => {
	it("always keeps the failed list's path and says how many were left out", () => {
		const failures = Array.from({ length: 50 }, (_, i) => ({ name: `n${i}`, kind: "network" as const, message: "z".repeat(900) }));
		const p = slackPayload({ type: "run", summary: summary({ failed: 50, failures }) }, en, "box") as { text: string };
		assert.match(p.text, /…and \d+ more in the failed list\nFailed list: \/data\/failed-20261127-030000\.csv\nRe-run it with/);
		const listed = (p.text.match(/^• /gm) ?? []).length;
		assert.ok(listed >= 1 && listed <= 10, `${listed} listed`);
		assert.match(p.text, new RegExp(`and ${50 - listed} more`));
	});
});

describe("outside text in a message is never a link or formatting (issue 19, item 11)", () => {
	const hostile: [string, string][] = [
		["a masked link", "[Click here](http://evil.example)"],
		["a masked link with an angle-bracketed URL", "[Click here](<http://evil.example>)"],
		["a bare URL", "see http://evil.example/x"],
		["bold, italics, strike, spoiler, code", "**b** *i* __u__ ~~s~~ ||spoiler|| `code`"],
		["a block quote and a heading", "> quoted\n# Heading"],
		["Slack's own link syntax", "<http://evil.example|Click here>"],
		["a Slack broadcast", "<!channel> hi"],
	];
	const discordSays = (text: string) => {
		const occasions = [
			{ type: "item_failed" as const, name: text, kind: "not_found", message: text },
			{ type: "run" as const, summary: summary({ failures: [{ name: text, kind: "not_found", message: text }] }) },
		];
		return occasions.map((o) => {
			const p = discordPayload(o, en, "box") as { content: string; embeds: { description?: string }[] };
			return [p.content, p.embeds[0]?.description ?? ""].join("\n");
		});
	};
	for (const [what, text] of hostile) {
		it(`Discord: ${what}`, () => {
			for (const said of discordSays(text)) {
				assert.doesNotMatch(said, /(^|[^\\])\[[^\]]*(^|[^\\])\]\(/, "no [text]( left unescaped");
				assert.doesNotMatch(said, /(^|[^\\])https?:\/\//, "no bare URL to autolink");
				assert.doesNotMatch(said, /(^|[^\\])(\*\*|__|~~|\|\||`)/, "no formatting pair");
			}
		});
		it(`Slack: ${what}`, () => {
			const o = { type: "item_failed" as const, name: text, kind: "not_found", message: text };
			const { text: said } = slackPayload(o, en, "box") as { text: string };
			assert.doesNotMatch(said, /[<>]/, "no <link|text>, <!mention> or stray angle bracket");
		});
	}

	const escapes: [string, string][] = [
		["[a](http://b)", "\\[a\\]\\(http\\://b\\)"],
		["plain name.safetensors", "plain name.safetensors"],
		["夜桜_v2", "夜桜\\_v2"],
		["a\\b", "a\\\\b"],
	];
	for (const [input, expected] of escapes)
		it(`discordEscape(${JSON.stringify(input)})`, () => assert.equal(discordEscape(input), expected));

	it("our own words keep their formatting: the failed-list command is not escaped", () => {
		const p = discordPayload({ type: "run", summary: summary() }, en, "box") as { embeds: { description: string }[] };
		assert.match(p.embeds[0]!.description, /redownload --from \/data\/failed-20261127-030000\.csv/);
	});
});
