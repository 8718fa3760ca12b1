import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideRetry, webhookFailureKind } from "../../src/core/retry-policy.js";

describe("webhookFailureKind: a webhook's answer as a failure kind for decideRetry", () => {
	const spec = [2000, 10_000];
	const table: [number, string, boolean][] = [
		[429, "rate_limited", true],
		[503, "rate_limited", true],
		[408, "network", true],
		[500, "network", true],
		[502, "network", true],
		[504, "network", true],
		[400, "other", false],
		[401, "other", false],
		[403, "other", false],
		[404, "other", false],
		[410, "other", false],
		[301, "other", false],
	];
	for (const [status, kind, retried] of table) {
		it(`${status} → ${kind}${retried ? ", retried" : ", not retried"}`, () => {
			assert.equal(webhookFailureKind(status), kind);
			assert.equal(decideRetry({ kind: webhookFailureKind(status) }, 0, spec).retry, retried);
		});
	}
});
