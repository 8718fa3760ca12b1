import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findJsonError, lineOf } from "../../src/config/json-error.js";

describe("findJsonError", () => {
	const cases: [string, string, ReturnType<typeof findJsonError>][] = [
		["valid", '{"a": [1, 2.5e3, true, null, "x\\u00e9"]}', undefined],
		["an empty file", "", { line: 1, column: 1, problem: "ends_early" }],
		["a trailing comma", '{\n  "a": 1,\n}', { line: 3, column: 1, problem: "trailing_comma" }],
		["a trailing comma in a list", '{"a": [1, 2, ]}', { line: 1, column: 14, problem: "trailing_comma" }],
		["single quotes", "{\n  'a': 1\n}", { line: 2, column: 3, problem: "single_quote" }],
		["a // comment", '{\n  // key\n  "a": 1\n}', { line: 2, column: 3, problem: "comment" }],
		["a /* comment */", '{"a": 1 /* x */}', { line: 1, column: 9, problem: "comment" }],
		["an unclosed string", '{"a": "abc', { line: 1, column: 11, problem: "ends_early" }],
		["a missing bracket", '{"a": {"b": 1}', { line: 1, column: 15, problem: "ends_early" }],
		["an unquoted value", '{"api_key": sk-123}', { line: 1, column: 13, problem: "other" }],
		["a missing comma", '{"a": 1\n "b": 2}', { line: 2, column: 2, problem: "other" }],
		["text after the value", '{"a": 1} x', { line: 1, column: 10, problem: "other" }],
		["a raw tab in a string", '{"a": "x\ty"}', { line: 1, column: 9, problem: "other" }],
		["a bad escape", '{"a": "\\q"}', { line: 1, column: 9, problem: "other" }],
		["a leading zero", '{"a": 01}', { line: 1, column: 8, problem: "other" }],
	];
	for (const [name, text, want] of cases) {
		it(name, () => {
			assert.deepEqual(findJsonError(text), want);
			assert.equal(
				want === undefined,
				(() => {
					try {
						JSON.parse(text);
						return true;
					} catch {
						return false;
					}
				})(),
				"agrees with JSON.parse on validity",
			);
		});
	}

	it("survives nesting too deep to scan", () => {
		assert.deepEqual(findJsonError(`${"[".repeat(200_000)}x`), { line: 1, column: 1, problem: "other" });
	});

	it("lineOf finds where a key's value starts, or its nearest parent when the key is missing", () => {
		const text = '{\n  "a": 1,\n  "b": {\n    "c": [\n      10,\n      "x"\n    ]\n  },\n  "a": 2\n}';
		assert.equal(lineOf(text, []), 1);
		assert.equal(lineOf(text, ["a"]), 9, "a duplicate key: the last one, as JSON.parse keeps");
		assert.equal(lineOf(text, ["b"]), 3);
		assert.equal(lineOf(text, ["b", "c", 1]), 6);
		assert.equal(lineOf(text, ["b", "missing"]), 3);
		assert.equal(lineOf("{ nope", ["a"]), undefined);
	});
});
