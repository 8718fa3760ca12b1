import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanDeep, cleanText } from "../../src/core/text.js";

describe("cleanText", () => {
	const cases: [string, string, string][] = [
		["plain text is unchanged", "Model not found", "Model not found"],
		["Japanese and emoji stay", "夜桜スタイル 🌸", "夜桜スタイル 🌸"],
		["a window title (OSC 0, BEL)", "a\x1b]0;pwned\x07b", "ab"],
		["a window title (OSC 2, ST)", "a\x1b]2;pwned\x1b\\b", "ab"],
		["an OSC 8 hyperlink keeps its text", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"],
		["clear screen", "x\x1b[2Jy", "xy"],
		["colours and cursor moves", "\x1b[31mred\x1b[0m\x1b[10;20H", "red"],
		["a private mode (hide cursor)", "\x1b[?25lz", "z"],
		["a two-character escape (reset)", "a\x1bcb", "ab"],
		["a charset switch", "a\x1b(0b", "ab"],
		["a lone ESC at the end", "abc\x1b", "abc"],
		["an unterminated OSC runs to the end", "ok\x1b]0;title", "ok"],
		["DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", "ab"],
		["bell, backspace, NUL", "a\x07b\x08c\x00d", "abcd"],
		["DEL and C1 (8-bit CSI)", "a\x7fb\x9b2Jc\x85d", "ab2Jcd"],
		["tab becomes a space", "a\tb", "a b"],
		["line breaks become a space", "a\r\nb\nc\rd", "a b c d"],
		["bidi overrides and isolates go", "evil\u202Etxt.exe\u2066x\u2069", "eviltxt.exex"],
	];
	for (const [what, input, expected] of cases) it(what, () => assert.equal(cleanText(input), expected));

	it("keeps newlines when asked, and drops carriage returns", () => {
		assert.equal(cleanText("a\r\nb\x1b[2K\rc", { keepNewlines: true }), "a\nbc");
	});

	it("never leaves ESC, BEL or a C1 control, whatever the input", () => {
		let junk = "";
		for (let c = 0; c < 0xa0; c++) junk += `${String.fromCharCode(c)}[${c}m]x;`;
		assert.doesNotMatch(cleanText(junk), /[\x00-\x1f\x7f-\x9f]/);
	});

	it("cleanDeep cleans strings inside objects and arrays, and copies them", () => {
		const e = { type: "fail", index: 1, message: "x\x1b[2J", list: [{ name: "\x1b]0;t\x07n" }], ok: true, none: null };
		const out = cleanDeep(e);
		assert.deepEqual(out, { type: "fail", index: 1, message: "x", list: [{ name: "n" }], ok: true, none: null });
		assert.equal(e.message, "x\x1b[2J", "the original is untouched");
	});
});
