import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { request } from "undici";
import { fakeCivitai, KEY, smallCatalogue } from "../helpers.js";

const UA = { "user-agent": "civitai-dl-test/1" };
const auth = { ...UA, authorization: `Bearer ${KEY}` };

async function get(url: string, headers: Record<string, string> = UA) {
	const res = await request(url, { headers });
	const body = Buffer.from(await res.body.arrayBuffer());
	return { status: res.statusCode, headers: res.headers, body, json: () => JSON.parse(body.toString()) as Record<string, unknown> };
}

async function signedUrl(base: string, vid: number, query = ""): Promise<string> {
	const r = await get(`${base}/api/download/models/${vid}${query}`, auth);
	assert.equal(r.status, 307);
	return String(r.headers.location);
}

describe("local Civitai: metadata API", async () => {
	const s = await fakeCivitai();

	it("serves /models/:id with uppercase hashes, sizeKB, primary only when true, own-origin downloadUrl", async () => {
		const r = await get(`${s.baseUrl}/api/v1/models/100`);
		assert.equal(r.status, 200);
		const m = r.json() as {
			type: string;
			modelVersions: { files: Record<string, unknown>[]; trainedWords?: unknown; downloadUrl: string }[];
		};
		assert.equal(m.type, "Checkpoint");
		const [primary, other] = m.modelVersions[0]!.files;
		assert.equal(primary!.primary, true);
		assert.equal("primary" in other!, false);
		assert.equal(primary!.sizeKB, 512);
		assert.match(String((primary!.hashes as Record<string, string>).SHA256), /^[0-9A-F]{64}$/);
		assert.equal(m.modelVersions[0]!.downloadUrl, `${s.baseUrl}/api/download/models/1000`);
		assert.match(String(other!.downloadUrl), /\?type=Model&format=SafeTensor&size=full&fp=fp32$/);
		assert.equal("trainedWords" in m.modelVersions[0]!, false, "empty arrays are dropped");
	});

	it("answers the documented 400 and 404 bodies", async () => {
		assert.deepEqual((await get(`${s.baseUrl}/api/v1/models/99999`)).json(), { error: "No model with id 99999" });
		assert.equal((await get(`${s.baseUrl}/api/v1/models/abc`)).status, 400);
		assert.deepEqual((await get(`${s.baseUrl}/api/v1/model-versions/0`)).json(), { error: "Missing modelVersionId" });
		assert.deepEqual((await get(`${s.baseUrl}/api/v1/model-versions/424242`)).json(), { error: "Model not found" });
		assert.equal((await get(`${s.baseUrl}/api/v1/model-versions/by-hash/0000`)).status, 404);
	});

	it("finds a version by any hash type, case-insensitively", async () => {
		const v = (await get(`${s.baseUrl}/api/v1/model-versions/2000`)).json() as { files: { hashes: Record<string, string> }[] };
		const sha = v.files[0]!.hashes.SHA256!;
		for (const h of [sha, sha.toLowerCase(), v.files[0]!.hashes.AutoV2!.toLowerCase()]) {
			const r = await get(`${s.baseUrl}/api/v1/model-versions/by-hash/${h}`);
			assert.equal((r.json() as { id: number }).id, 2000);
		}
	});
});

describe("local Civitai: download endpoint", async () => {
	const s = await fakeCivitai();

	it("answers 307 to a separate storage origin with the name and an expiry in the signed URL", async () => {
		const loc = new URL(await signedUrl(s.baseUrl, 1000));
		assert.equal(loc.origin, s.storageOrigin);
		assert.notEqual(loc.origin, s.baseUrl);
		assert.match(loc.searchParams.get("response-content-disposition") ?? "", /filename="checkpoint1\.safetensors"/);
		assert.equal(loc.searchParams.get("X-Amz-Expires"), "86400");
	});

	it("serves bytes whose SHA-256 is the API's hash", async () => {
		const v = (await get(`${s.baseUrl}/api/v1/model-versions/1000`)).json() as { files: { hashes: Record<string, string> }[] };
		const r = await get(await signedUrl(s.baseUrl, 1000), UA);
		assert.equal(r.status, 200);
		assert.equal(r.headers["accept-ranges"], "bytes");
		assert.equal(Number(r.headers["content-length"]), 512 * 1024);
		assert.equal(createHash("sha256").update(r.body).digest("hex").toUpperCase(), v.files[0]!.hashes.SHA256);
	});

	it("honours Range with 206 and Content-Range, and 416 past the end", async () => {
		const url = await signedUrl(s.baseUrl, 1000);
		const whole = (await get(url)).body;
		const part = await get(url, { ...UA, range: "bytes=1000-" });
		assert.equal(part.status, 206);
		assert.equal(part.headers["content-range"], `bytes 1000-${512 * 1024 - 1}/${512 * 1024}`);
		assert.deepEqual(part.body, whole.subarray(1000));
		const past = await get(url, { ...UA, range: `bytes=${512 * 1024}-` });
		assert.equal(past.status, 416);
	});

	it("storage refuses any Authorization header with 400", async () => {
		const r = await get(await signedUrl(s.baseUrl, 1000), auth);
		assert.equal(r.status, 400);
		assert.match(r.body.toString(), /InvalidRequest/);
	});

	it("selects files by fileId and by type/format/size/fp, and 404s a misaligned selector", async () => {
		assert.match(await signedUrl(s.baseUrl, 1000, "?fileId=10001"), /\/10001\//);
		assert.match(await signedUrl(s.baseUrl, 1000, "?type=Model&format=SafeTensor&size=full&fp=fp32"), /\/10001\//);
		assert.match(await signedUrl(s.baseUrl, 1000), /\/10000\//);
		const r = await get(`${s.baseUrl}/api/download/models/1000?fileId=424242`, auth);
		assert.deepEqual(r.json(), { error: "File not found" });
		assert.equal((await get(`${s.baseUrl}/api/download/models/1000?size=huge`, auth)).status, 400);
	});

	it("treats an invalid key as anonymous, and a Bearer header beats ?token=", async () => {
		const anon = await get(`${s.baseUrl}/api/download/models/2000`, { ...UA, authorization: "Bearer wrong" });
		assert.equal(anon.status, 401);
		assert.deepEqual(anon.json(), {
			error: "Unauthorized",
			message: "The creator of this asset requires you to be logged in to download it",
		});
		assert.equal((await get(`${s.baseUrl}/api/download/models/2000?token=${KEY}`)).status, 307);
		assert.equal((await get(`${s.baseUrl}/api/download/models/2000?token=${KEY}`, { ...UA, authorization: "Bearer wrong" })).status, 401);
		const logged = s.requests.find((r) => r.token);
		assert.equal(logged?.query.token, "<redacted>", "the request log never holds a key");
	});

	it("answers each documented refusal with its JSON body", async () => {
		assert.deepEqual((await get(`${s.baseUrl}/api/download/models/5000`, auth)).json(), {
			error: "Unauthorized",
			message: "The creator of this asset has disabled downloads on this file",
		});
		const early = await get(`${s.baseUrl}/api/download/models/6000`, auth);
		assert.equal(early.status, 403);
		assert.equal(early.json().deadline, "2099-01-01T00:00:00.000Z");
		const archived = await get(`${s.baseUrl}/api/download/models/7000`, auth);
		assert.equal(archived.status, 410);
		assert.deepEqual(archived.json(), { error: "Model archived, not available for download" });
		assert.deepEqual((await get(`${s.baseUrl}/api/download/models/424242`, auth)).json(), { error: "File not found" });
	});

	it("gives a browser User-Agent text/plain errors and a 307 to the login page", async () => {
		const r = await get(`${s.baseUrl}/api/download/models/2000`, { "user-agent": "Mozilla/5.0 Chrome/120" });
		assert.equal(r.status, 307);
		assert.match(String(r.headers.location), /^\/login\?returnUrl=%2Fmodel-versions%2F2000&reason=download-auth$/);
		const nf = await get(`${s.baseUrl}/api/download/models/424242`, { "user-agent": "Mozilla/5.0" });
		assert.match(String(nf.headers["content-type"]), /text\/plain/);
	});
});

describe("local Civitai: region, quota and signed URL expiry", async () => {
	it("blocks every /api path with 451 when region-blocked", async () => {
		const s = await fakeCivitai({ regionBlocked: true });
		const r = await get(`${s.baseUrl}/api/v1/models/100`);
		assert.equal(r.status, 451);
		assert.equal(r.json().code, "REGION_BLOCKED");
	});

	it("answers the quota 429 with its exact message and no Retry-After", async () => {
		const s = await fakeCivitai({ downloadQuota: 1 });
		await signedUrl(s.baseUrl, 1000);
		const r = await get(`${s.baseUrl}/api/download/models/2000`, auth);
		assert.equal(r.status, 429);
		assert.equal(r.headers["retry-after"], undefined);
		assert.deepEqual(r.json(), {
			error: "We've noticed an unusual amount of downloading from your account. Contact support@civitai.com or come back later.",
		});
	});

	it("answers 403 with an S3-style XML body once the signed URL has expired", async () => {
		const s = await fakeCivitai({ faults: [{ version: 1000, kind: "expired_url" }] });
		const r = await get(await signedUrl(s.baseUrl, 1000));
		assert.equal(r.status, 403);
		assert.match(r.body.toString(), /<Code>AccessDenied<\/Code><Message>Request has expired/);
	});
});

describe("local Civitai: scripted faults, per version and attempt", async () => {
	const s = await fakeCivitai({
		faults: [
			{ version: 2000, attempt: 1, kind: "rate_limit", retryAfter: 7 },
			{ version: 2000, attempt: 2, kind: "rate_limit" },
			{ version: 2000, attempt: 3, kind: "unavailable" },
			{ version: 2000, attempt: 4, kind: "login_page" },
			{ version: 2000, attempt: 5, kind: "quota" },
			{ version: 2000, attempt: 6, kind: "server_error" },
			{ version: 2010, attempt: 1, kind: "short_body", missingBytes: 10 },
			{ version: 1000, attempt: 1, kind: "drop", afterBytes: 1000 },
			{ version: 1000, attempt: 2, kind: "wrong_bytes", atByte: 5 },
			{ version: 1000, attempt: 3, kind: "ignore_range" },
			{ version: 1000, attempt: 4, kind: "html_body" },
			{ version: 1000, attempt: 5, kind: "throttle", bytesPerSecond: 40 * 1024 },
			{ version: 1000, attempt: 6, kind: "stall", afterBytes: 100 },
		],
	});

	it("plays API faults in order, then behaves", async () => {
		const u = `${s.baseUrl}/api/download/models/2000`;
		const a1 = await get(u, auth);
		assert.equal(a1.status, 429);
		assert.equal(a1.headers["retry-after"], "7");
		const a2 = await get(u, auth);
		assert.equal(a2.status, 429);
		assert.equal(a2.headers["retry-after"], undefined);
		const a3 = await get(u, auth);
		assert.equal(a3.status, 503);
		assert.match(String(a3.headers["content-type"]), /text\/html/);
		const a4 = await get(u, auth);
		assert.equal(a4.status, 200);
		assert.match(a4.body.toString(), /Sign in/);
		const a5 = await get(u, auth);
		assert.match(String(a5.json().error), /unusual amount of downloading/);
		const a6 = await get(u, auth);
		assert.equal(a6.status, 500);
		assert.deepEqual(a6.json(), { error: "Error getting file" });
		assert.equal((await get(u, auth)).status, 307);
	});

	it("plays a short body: Content-Length promises more than is sent", async () => {
		const url = await signedUrl(s.baseUrl, 2010);
		await assert.rejects(get(url), "the body ends 10 bytes early");
	});

	it("plays storage faults: drop, wrong bytes, ignored Range, HTML body, throttle, stall", async () => {
		const url = await signedUrl(s.baseUrl, 1000);
		await assert.rejects(get(url), "the connection drops after 1000 bytes");
		const wrong = await get(url);
		assert.equal(wrong.body.length, 512 * 1024);
		const ignored = await get(url, { ...UA, range: "bytes=100-" });
		assert.equal(ignored.status, 200, "the Range header is ignored");
		assert.equal(ignored.body.length, 512 * 1024);
		const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
		assert.notEqual(sha(wrong.body), sha(ignored.body));
		assert.ok(wrong.body.subarray(6).equals(ignored.body.subarray(6)) && wrong.body[5] !== ignored.body[5], "only byte 5 differs");
		const html = await get(url);
		assert.match(String(html.headers["content-type"]), /text\/html/);
		const t0 = Date.now();
		const slow = await request(url, { headers: { ...UA, range: "bytes=0-40959" } });
		await slow.body.arrayBuffer();
		assert.ok(Date.now() - t0 >= 500, "40 KiB at 40 KiB/s takes about a second");
		const stalled = await request(url, { headers: UA, bodyTimeout: 300 });
		await assert.rejects(stalled.body.arrayBuffer(), /timeout/i, "no bytes after the first 100");
	});
});

describe("local Civitai: the civitai.red origin and gated versions", async () => {
	const catalogue = smallCatalogue();
	catalogue.models.push(
		{
			id: 7700,
			name: "Mature",
			type: "LORA",
			mature: true,
			versions: [{ id: 7701, name: "v1", files: [{ id: 77010, name: "m.bin", sizeBytes: 10 }] }],
		},
		{
			id: 7800,
			name: "Paid",
			type: "LORA",
			versions: [
				{
					id: 7801,
					name: "v1",
					paidAccess: { permanent: false, endsAt: "2099-01-03T00:00:00.000Z" },
					files: [{ id: 78010, name: "p.bin", sizeBytes: 10 }],
				},
			],
		},
		{
			id: 7810,
			name: "Old EA",
			type: "LORA",
			versions: [
				{ id: 7811, name: "v1", earlyAccessDeadline: "2099-02-01T00:00:00.000Z", files: [{ id: 78110, name: "o.bin", sizeBytes: 10 }] },
			],
		},
	);
	const s = await fakeCivitai({ catalogue, redOrigin: true });

	it("a mature model is 404 on the first origin and served, with its own origin's URLs, on the red one", async () => {
		assert.equal((await get(`${s.baseUrl}/api/v1/models/7700`)).status, 404);
		assert.equal((await get(`${s.baseUrl}/api/v1/model-versions/7701`)).status, 404);
		assert.equal((await get(`${s.baseUrl}/api/download/models/7701`, auth)).status, 404);
		const v = await get(`${s.redBaseUrl}/api/v1/model-versions/7701`);
		assert.equal(v.status, 200);
		assert.equal(v.json().downloadUrl, `${s.redBaseUrl}/api/download/models/7701`);
		assert.equal((await get(`${s.redBaseUrl}/api/download/models/7701`, auth)).status, 307);
		assert.equal((await get(`${s.redBaseUrl}/api/v1/models/100`)).status, 200, "red serves everything");
		assert.ok(s.requests.some((r) => r.origin === "red"));
	});

	it("answers paidAccess (2026 shape) or availability + earlyAccessEndsAt (older shape), and refuses the download with 403", async () => {
		const paid = (await get(`${s.baseUrl}/api/v1/model-versions/7801`)).json();
		assert.deepEqual(paid.paidAccess, { permanent: false, endsAt: "2099-01-03T00:00:00.000Z" });
		assert.equal("availability" in paid, false);
		const old = (await get(`${s.baseUrl}/api/v1/model-versions/7811`)).json();
		assert.equal(old.paidAccess, null);
		assert.deepEqual([old.availability, old.earlyAccessEndsAt], ["EarlyAccess", "2099-02-01T00:00:00.000Z"]);
		const refused = await get(`${s.baseUrl}/api/download/models/7801`, auth);
		assert.equal(refused.status, 403);
		assert.equal(refused.json().deadline, "2099-01-03T00:00:00.000Z");
	});
});

describe("local Civitai: images[] in model answers", async () => {
	const catalogue = smallCatalogue();
	catalogue.models[0]!.versions[0]!.images = [{ format: "jpeg", nsfwLevel: 1 }];
	const s = await fakeCivitai({ catalogue });
	const m = catalogue.models[0]!;
	const v = m.versions[0]!;

	it("/models/:id and /models?ids= list the version's own images, as /model-versions/:id does, and each is served", async () => {
		type Img = { url: string }[];
		const version = (await get(`${s.baseUrl}/api/v1/model-versions/${v.id}`)).json() as { images: Img };
		const model = (await get(`${s.baseUrl}/api/v1/models/${m.id}`)).json() as { modelVersions: { id: number; images?: Img }[] };
		const listed = (await get(`${s.baseUrl}/api/v1/models?ids=${m.id}`)).json() as {
			items: { modelVersions: { id: number; images?: Img }[] }[];
		};
		const urls = (imgs: Img | undefined) => (imgs ?? []).map((i) => i.url);
		assert.equal(version.images.length, 1);
		assert.deepEqual(urls(model.modelVersions.find((x) => x.id === v.id)?.images), urls(version.images));
		assert.deepEqual(urls(listed.items[0]!.modelVersions.find((x) => x.id === v.id)?.images), urls(version.images));
		assert.equal((await get(version.images[0]!.url)).status, 200);
	});

	it("a version without images lists none (no preview that would answer 404)", async () => {
		const other = (await get(`${s.baseUrl}/api/v1/models/${catalogue.models[1]!.id}`)).json() as {
			modelVersions: { images?: unknown[] }[];
		};
		assert.ok(other.modelVersions.every((x) => (x.images ?? []).length === 0));
	});
});
