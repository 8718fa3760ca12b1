import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { partFileName, safeFileName } from "../../src/core/file-name.js";
import { decideRetry, PROGRESS_STEP_BYTES, parseRetryAfter, progressStep } from "../../src/core/retry-policy.js";
import { SlowDetector } from "../../src/core/slow-detector.js";
import { exitCodeFor, successRate } from "../../src/core/summary.js";

const ladder = [60_000, 180_000, 300_000];

describe("decideRetry", () => {
	const table: [string, Parameters<typeof decideRetry>[0], number, ReturnType<typeof decideRetry>][] = [
		["429 first retry", { kind: "rate_limited" }, 0, { retry: true, delayMs: 60_000 }],
		["503 second retry", { kind: "rate_limited" }, 1, { retry: true, delayMs: 180_000 }],
		["slow third retry", { kind: "slow" }, 2, { retry: true, delayMs: 300_000 }],
		["ladder exhausted", { kind: "rate_limited" }, 3, { retry: false }],
		["longer Retry-After wins", { kind: "rate_limited", retryAfterMs: 90_000 }, 0, { retry: true, delayMs: 90_000 }],
		["shorter Retry-After loses", { kind: "rate_limited", retryAfterMs: 1_000 }, 0, { retry: true, delayMs: 60_000 }],
		["a Retry-After of an hour is waited", { kind: "rate_limited", retryAfterMs: 3_600_000 }, 0, { retry: true, delayMs: 3_600_000 }],
		["a Retry-After of a day is not", { kind: "rate_limited", retryAfterMs: 86_400_000 }, 0, { retry: false }],
		["dropped connection", { kind: "network" }, 0, { retry: true, delayMs: 60_000 }],
		["quota is never waited out", { kind: "quota" }, 0, { retry: false }],
		["401 fails at once", { kind: "auth" }, 0, { retry: false }],
		["404 fails at once", { kind: "not_found" }, 0, { retry: false }],
		["hash mismatch fails at once", { kind: "hash_mismatch" }, 0, { retry: false }],
		["error page fails at once", { kind: "bad_body" }, 0, { retry: false }],
	];
	for (const [name, failure, n, expected] of table) {
		it(name, () => assert.deepEqual(decideRetry(failure, n, ladder), expected));
	}
	it("parses Retry-After seconds and dates", () => {
		assert.equal(parseRetryAfter("120", 0), 120_000);
		assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 5_000), 5_000);
		assert.equal(parseRetryAfter("soon", 0), undefined);
		assert.equal(parseRetryAfter(undefined, 0), undefined);
	});
});

describe("progressStep: how many new bytes give a transfer's ladders back", () => {
	const MiB = 1024 * 1024;
	const table: [number | undefined, number][] = [
		[7 * 1024 * MiB, PROGRESS_STEP_BYTES],
		[16 * MiB, MiB],
		[512 * 1024, 32 * 1024],
		[10, 1],
		[0, PROGRESS_STEP_BYTES],
		[undefined, PROGRESS_STEP_BYTES],
	];
	for (const [size, step] of table) it(`${size} bytes → ${step}`, () => assert.equal(progressStep(size), step));
	it("is never one byte for a file of a real model's size: a storage dripping bytes is not moving", () => {
		assert.ok(progressStep(200 * 1024) >= 12 * 1024);
	});
});

describe("SlowDetector", () => {
	it("catches a total stall once a whole window has passed", () => {
		const d = new SlowDetector(30_000, 10 * 1024, 0);
		assert.equal(d.isSlow(29_000, 0), false);
		assert.equal(d.isSlow(30_000, 0), true);
	});
	it("uses a moving window, not the average since the start", () => {
		const d = new SlowDetector(30_000, 10 * 1024, 0);
		// a fast first minute, then 5 KiB/s: the overall average stays high, the window does not
		let bytes = 0;
		for (let t = 1000; t <= 60_000; t += 1000) {
			bytes += 1024 * 1024;
			assert.equal(d.isSlow(t, bytes), false, `fast at ${t}`);
		}
		let slowAt = -1;
		for (let t = 61_000; t <= 120_000; t += 1000) {
			bytes += 5 * 1024;
			if (d.isSlow(t, bytes)) {
				slowAt = t;
				break;
			}
		}
		assert.ok(slowAt > 60_000 && slowAt <= 91_000, `detected at ${slowAt}`);
	});
	it("does not fire at a steady speed above the threshold", () => {
		const d = new SlowDetector(30_000, 10 * 1024, 0);
		for (let t = 1000; t <= 120_000; t += 1000) assert.equal(d.isSlow(t, (t / 1000) * 20 * 1024), false);
	});
	it("is off when the threshold is 0", () => {
		assert.equal(new SlowDetector(1000, 0, 0).isSlow(10_000, 0), false);
	});
});

describe("safeFileName", () => {
	const table: [string, string][] = [
		["model.safetensors", "model.safetensors"],
		["../../x.safetensors", "x.safetensors"],
		["..\\..\\evil.pt", "evil.pt"],
		["CON.safetensors", "CON_.safetensors"],
		["nul", "nul_"],
		["a\u0000b\u001fc\u007f.safetensors", "abc.safetensors"],
		["..", "download.bin"],
		["", "download.bin"],
		["夜桜スタイル_v1.safetensors", "夜桜スタイル_v1.safetensors"],
		["what?.safetensors", "what_.safetensors"],
		// another file's partial or segment state name (red team of issue 25): never one of ours
		["a.safetensors.part", "a.safetensors_part"],
		["a.safetensors.PART", "a.safetensors_PART"],
		["a.safetensors.part.segments", "a.safetensors_part.segments"],
		["x.part", "x_part"],
	];
	for (const [input, expected] of table) {
		it(`${JSON.stringify(input)} → ${expected}`, () => assert.equal(safeFileName(input), expected));
	}
	it("caps names at 255 UTF-8 bytes and keeps the extension", () => {
		const out = safeFileName(`${"あ".repeat(100)}.safetensors`);
		assert.ok(Buffer.byteLength(out) <= 255, `${Buffer.byteLength(out)} bytes`);
		assert.ok(out.endsWith(".safetensors"));
	});
	it("a name that is a long name's partial file (cut and tagged) is not one either", () => {
		const long = `${"a".repeat(250)}.safetensors`;
		for (const ours of [partFileName(long), `${partFileName(long)}.segments`]) {
			const out = safeFileName(ours);
			assert.notEqual(out, ours);
			assert.doesNotMatch(out, /\.part(\.segments)?$/i);
		}
	});
	it("a name cut at 255 bytes does not end in a space (found by the property test)", () => {
		const out = safeFileName(`${"a".repeat(254)} b`);
		assert.equal(out, "a".repeat(254));
	});
});

describe("summary", () => {
	it("success rate excludes skips and is null when nothing was attempted", () => {
		assert.equal(successRate(0, 0), null);
		assert.equal(successRate(3, 1), 0.75);
	});
	it("exit codes follow the SPEC", () => {
		assert.equal(exitCodeFor({ failed: 0, parked: 0, stoppedBy: null }), 0);
		assert.equal(exitCodeFor({ failed: 1, parked: 0, stoppedBy: null }), 1);
		assert.equal(exitCodeFor({ failed: 1, parked: 4, stoppedBy: "quota" }), 3);
		assert.equal(exitCodeFor({ failed: 3, parked: 17, stoppedBy: "outage" }), 3);
		assert.equal(exitCodeFor({ failed: 1, parked: 6, stoppedBy: "disk" }), 3);
		assert.equal(exitCodeFor({ failed: 0, parked: 4, stoppedBy: "interrupt" }), 130);
	});
});
