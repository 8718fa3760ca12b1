import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseContentRange } from "../../src/core/content-range.js";
import { planSegments, type Segment, validSegments } from "../../src/core/segments.js";

const seg = (start: number, end: number, done = 0): Segment => ({ start, end, done });

describe("planSegments", () => {
	const table: [string, number, number, number, Segment[]][] = [
		["one connection", 100, 1, 10, [seg(0, 99)]],
		["four even segments", 100, 4, 10, [seg(0, 24), seg(25, 49), seg(50, 74), seg(75, 99)]],
		["the last segment takes the remainder", 10, 3, 1, [seg(0, 2), seg(3, 5), seg(6, 9)]],
		["fewer segments when they would be under the minimum", 100, 8, 30, [seg(0, 32), seg(33, 65), seg(66, 99)]],
		["smaller than the minimum: one segment", 5, 4, 10, [seg(0, 4)]],
		["a minimum of 0 counts as 1", 3, 8, 0, [seg(0, 0), seg(1, 1), seg(2, 2)]],
		["more connections than bytes", 2, 8, 1, [seg(0, 0), seg(1, 1)]],
		["zero bytes: nothing to fetch", 0, 4, 1, []],
	];
	for (const [name, size, connections, min, want] of table) {
		it(name, () => {
			const plan = planSegments(size, connections, min);
			assert.deepEqual(plan, want);
			if (size > 0) assert.ok(validSegments(size, plan), "the plan tiles the file");
		});
	}
});

describe("validSegments", () => {
	const table: [string, number, Segment[], boolean][] = [
		["a tiling", 10, [seg(0, 4, 5), seg(5, 9, 2)], true],
		["a gap", 10, [seg(0, 3), seg(5, 9)], false],
		["an overlap", 10, [seg(0, 5), seg(5, 9)], false],
		["short of the size", 10, [seg(0, 8)], false],
		["done past the segment", 10, [seg(0, 9, 11)], false],
		["negative done", 10, [seg(0, 9, -1)], false],
		["an empty plan", 0, [], false],
	];
	for (const [name, size, segments, want] of table) {
		it(name, () => assert.equal(validSegments(size, segments), want));
	}
});

describe("parseContentRange", () => {
	const table: [string | undefined, ReturnType<typeof parseContentRange>][] = [
		["bytes 0-99/100", { start: 0, end: 99, total: 100 }],
		["bytes 40-99/*", { start: 40, end: 99, total: undefined }],
		["  bytes 1-2/3  ", { start: 1, end: 2, total: 3 }],
		["bytes */100", undefined],
		["bytes 0-99", undefined],
		["items 0-99/100", undefined],
		["bytes -5-99/100", undefined],
		["", undefined],
		[undefined, undefined],
	];
	for (const [value, want] of table) {
		it(JSON.stringify(value ?? null), () => assert.deepEqual(parseContentRange(value), want));
	}
});
