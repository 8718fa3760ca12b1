import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { en } from "../../src/i18n/en.js";
import { ja } from "../../src/i18n/ja.js";

/** Internal codes (undici's, the system's) are said in words (issue 27, point 17). */
describe("network failures in words", () => {
	const codes = [
		"UND_ERR_SOCKET",
		"ECONNRESET",
		"ECONNREFUSED",
		"ENOTFOUND",
		"EAI_AGAIN",
		"ETIMEDOUT",
		"UND_ERR_CONNECT_TIMEOUT",
		"UND_ERR_HEADERS_TIMEOUT",
		"UND_ERR_BODY_TIMEOUT",
		"EHOSTUNREACH",
		"ENETUNREACH",
		"EPIPE",
		"timeout",
	];
	for (const code of codes) {
		it(`${code} is not shown as the code`, () => {
			for (const m of [en, ja]) {
				for (const line of [
					m.errConnectionLost({ size: "488 KiB", code }),
					m.errCannotReach({ host: "civitai.com", code }),
					m.notifyNetwork({ code }),
					m.sidecarPreviewNetwork({ name: "a", host: "image.civitai.com", code }),
					m.doctorApiUnreachable({ origin: "https://civitai.com", code }),
				]) {
					assert.doesNotMatch(line, /UND_ERR|\bE[A-Z]{4,}\b/, line);
				}
			}
		});
	}

	it("the bytes so far are a size, the reason a sentence", () => {
		assert.equal(
			en.errConnectionLost({ size: "488 KiB", code: "UND_ERR_SOCKET" }),
			"Connection lost after 488 KiB: the server closed the connection.",
		);
		assert.equal(
			ja.errConnectionLost({ size: "488 KiB", code: "UND_ERR_SOCKET" }),
			"488 KiB 受信したところで接続が切れました（サーバーが接続を閉じました）。",
		);
	});

	it("an unknown code is shown as it is (it is all there is to say)", () => {
		assert.match(en.errCannotReach({ host: "civitai.com", code: "EWHATEVER" }), /EWHATEVER/);
	});
});
