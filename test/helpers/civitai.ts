import { after } from "node:test";
import { type FakeCivitai, type FakeCivitaiOptions, startFakeCivitai } from "../../fake-civitai/server.js";
import { smallCatalogue } from "./catalogue.js";

/** The API key the local Civitai accepts (CIVITAI_API_KEY in the CLI's tests). */
export const KEY = "0123456789abcdef0123456789abcdef";

/** Start the local Civitai; closed when the test file ends. */
export async function fakeCivitai(opts: Partial<FakeCivitaiOptions> = {}): Promise<FakeCivitai> {
	const s = await startFakeCivitai({ catalogue: smallCatalogue(), apiKeys: [KEY], ...opts });
	after(() => s.close());
	return s;
}
