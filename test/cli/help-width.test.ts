import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { main } from "../../src/cli/main.js";
import { widthOf, wrapText } from "../../src/cli/text-width.js";
import { sink } from "../updates/fixtures.js";

/** `<args> --help` in-process; `columns`: the terminal's width (none: not a terminal). */
async function help(args: string[], columns?: number): Promise<string> {
	const stdout = sink() as ReturnType<typeof sink> & { isTTY?: boolean; columns?: number };
	if (columns !== undefined) Object.assign(stdout, { isTTY: true, columns });
	const code = await main([...args, "--help"], {
		stdout,
		stderr: sink(),
		stdin: new PassThrough(),
		env: {},
		cwd: "/",
		signal: new AbortController().signal,
	});
	assert.equal(code, 0);
	return stdout.text();
}

const COMMANDS = [
	[],
	["get"],
	["redownload"],
	["history"],
	["verify"],
	["import"],
	["search"],
	["outdated"],
	["update"],
	["doctor"],
	["schedule"],
	["notify", "test"],
	["config", "init"],
	["config", "show"],
];

/** Issue 27, point 7: help is wrapped by display width (a wide character is two columns). */
describe("help fits the terminal, in English and Japanese", () => {
	for (const lang of ["en", "ja"]) {
		it(`${lang}: every command's help fits 80 columns when not on a terminal`, async () => {
			for (const c of COMMANDS) {
				const text = await help([...c, "--lang", lang]);
				const over = text.split("\n").filter((l) => widthOf(l) > 80);
				assert.deepEqual(over, [], `${c.join(" ")} --help --lang ${lang}`);
			}
		});
	}

	it("get --help --lang ja: a description's next line stays in its column, never back at column 0", async () => {
		const text = await help(["get", "--lang", "ja"]);
		const options = text.split("\n\n").find((b) => b.startsWith("オプション:"))!;
		for (const line of options.split("\n").slice(1)) assert.match(line, /^ {2}/, line);
		// the option with the longest Japanese description is wrapped, its words whole
		assert.match(text, /--network-delays <s,s,\.\.\.> {2}\S/);
	});

	it("a wider terminal gets wider help; a narrow one narrower", async () => {
		const wide = await help(["get", "--lang", "ja"], 120);
		assert.ok(wide.split("\n").some((l) => widthOf(l) > 80));
		assert.ok(wide.split("\n").every((l) => widthOf(l) <= 120));
		const narrow = await help(["get", "--lang", "ja"], 60);
		assert.deepEqual(
			narrow.split("\n").filter((l) => widthOf(l) > 60),
			[],
		);
	});

	it("a long example command is split where the shell allows it", async () => {
		const text = await help(["search"], 60);
		assert.match(
			text,
			/\n {2}civitai-dl search "pixel art" --types LORA --json \| \\\n {4}civitai-dl get - --dry-run\n {6}what get would take/,
		);
	});
});

describe("wrapText", () => {
	it("breaks Japanese between characters, by display width", () => {
		const lines = wrapText(
			"ネットワークの失敗（DNS、接続拒否、切断、502、504、520〜530）の後に再試行する前に待つ秒数（既定: 10,30,90）",
			30,
		);
		for (const l of lines) assert.ok(widthOf(l) <= 30, l);
		assert.equal(
			lines.join(""),
			"ネットワークの失敗（DNS、接続拒否、切断、502、504、520〜530）の後に再試行する前に待つ秒数（既定: 10,30,90）".replace(/ /g, " "),
		);
	});
	it("no line starts with closing punctuation nor ends with an opening one", () => {
		for (let w = 8; w <= 30; w++) {
			for (const l of wrapText("これは、テスト（かっこ）です。つぎの文。「引用」と書きます、はい。", w)) {
				assert.doesNotMatch(l, /^[、。）」』】，．：；！？ー]/, `${w}: ${l}`);
				assert.doesNotMatch(l, /[（「『【]$/, `${w}: ${l}`);
				assert.ok(widthOf(l) <= w, `${w}: ${l}`);
			}
		}
	});
	it("breaks English at spaces, and a word longer than the line by characters", () => {
		assert.deepEqual(wrapText("one two three four", 9), ["one two", "three", "four"]);
		assert.deepEqual(wrapText("https://civitai.com/models/4384", 10), ["https://ci", "vitai.com/", "models/438", "4"]);
	});
});
