import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bodyLimit, decideResponse, decideStart, MAX_UNSIZED_BODY_BYTES } from "../../src/core/resume.js";

describe("decideStart", () => {
	const table: [string, Parameters<typeof decideStart>[0], number | undefined, ReturnType<typeof decideStart>][] = [
		["no partial file", undefined, 100, { action: "resume", offset: 0 }],
		["no partial, no listed size", undefined, undefined, { action: "resume", offset: 0 }],
		["an empty partial", { size: 0, regular: true }, 100, { action: "resume", offset: 0 }],
		["part of the file", { size: 40, regular: true }, 100, { action: "resume", offset: 40 }],
		["part of a file of unknown size", { size: 40, regular: true }, undefined, { action: "resume", offset: 40 }],
		["every byte already there", { size: 100, regular: true }, 100, { action: "complete" }],
		["a zero-byte file is asked for, not taken as complete", { size: 0, regular: true }, 0, { action: "resume", offset: 0 }],
		["longer than listed", { size: 101, regular: true }, 100, { action: "discard" }],
		["a symlink (or anything not a regular file)", { size: 40, regular: false }, 100, { action: "discard" }],
		["a symlink with no listed size", { size: 0, regular: false }, undefined, { action: "discard" }],
	];
	for (const [name, partial, expected, want] of table) {
		it(name, () => assert.deepEqual(decideStart(partial, expected), want));
	}
});

describe("decideResponse", () => {
	const table: [string, number, number | undefined, number, string | undefined, ReturnType<typeof decideResponse>][] = [
		["200 from the start", 0, 100, 200, undefined, { action: "accept", offset: 0 }],
		["200 to a Range request: the whole file", 40, 100, 200, undefined, { action: "accept", offset: 0 }],
		["206 from the offset", 40, 100, 206, "bytes 40-99/100", { action: "accept", offset: 40 }],
		["206 of unknown total", 40, 100, 206, "bytes 40-99/*", { action: "accept", offset: 40 }],
		["206 with no listed size", 40, undefined, 206, "bytes 40-99/100", { action: "accept", offset: 40 }],
		["206 from elsewhere", 40, 100, 206, "bytes 0-99/100", { action: "reopen" }],
		["206 of another file's size", 40, 100, 206, "bytes 40-199/200", { action: "reopen" }],
		["206 without Content-Range", 40, 100, 206, undefined, { action: "reopen" }],
		["206 with a malformed Content-Range", 40, 100, 206, "bytes forty-99/100", { action: "reopen" }],
		["416: the offset is past the end", 40, 100, 416, "bytes */30", { action: "restart" }],
		["another status is judged later", 40, 100, 302, undefined, { action: "accept", offset: 40 }],
	];
	for (const [name, offset, expected, status, range, want] of table) {
		it(name, () => assert.deepEqual(decideResponse(offset, expected, status, range), want));
	}
});

describe("bodyLimit", () => {
	const table: [string, number, number | undefined, string | undefined, number, ReturnType<typeof bodyLimit>][] = [
		["the listed size wins", 0, 100, "500", 1000, { room: 100, reason: "listed" }],
		["the listed size, resumed", 40, 100, undefined, 1000, { room: 60, reason: "listed" }],
		["no listed size: the Content-Length", 0, undefined, "500", 1000, { room: 500, reason: "length" }],
		["no listed size, resumed: the Content-Length of the rest", 40, undefined, " 60 ", 1000, { room: 60, reason: "length" }],
		["neither: the cap", 0, undefined, undefined, 1000, { room: 1000, reason: "cap" }],
		["neither, resumed: the cap counts the kept bytes", 400, undefined, undefined, 1000, { room: 600, reason: "cap" }],
		["an unreadable Content-Length counts as none", 0, undefined, "lots", 1000, { room: 1000, reason: "cap" }],
		["a partial past the cap leaves no room", 2000, undefined, undefined, 1000, { room: 0, reason: "cap" }],
	];
	for (const [name, offset, expected, length, cap, want] of table) {
		it(name, () => assert.deepEqual(bodyLimit(offset, expected, length, cap), want));
	}
	it("caps an unsized body at 64 GiB by default", () => assert.equal(MAX_UNSIZED_BODY_BYTES, 64 * 1024 ** 3));
});
