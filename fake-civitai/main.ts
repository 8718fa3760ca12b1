/**
 * `npm run fake-civitai -- [--port N] [--storage-port N] [--catalogue file.json] [--faults file.json]
 *  [--api-key KEY]... [--anonymous] [--quota N] [--ttl SECONDS] [--red] [--outage STATUS]`
 * `--red` also serves a civitai.red stand-in on its own port (models marked `mature` live only there).
 * (`--outage 503` or `--outage 522`: every API request gets that status's error page)
 * Starts the local Civitai on 127.0.0.1 and prints its base URL. Ctrl-C stops it.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { FakeCatalogue } from "./catalogue.js";
import { demoCatalogue } from "./demo-catalogue.js";
import type { Fault } from "./faults.js";
import { startFakeCivitai } from "./server.js";

const USAGE = `Usage: npm run fake-civitai -- [options]

  --port N              the API's port (default: any free one)
  --storage-port N      the storage origin's port (default: any free one)
  --catalogue FILE      models to serve, as JSON (default: the demo catalogue)
  --faults FILE         scripted faults, as JSON (the list: docs/development.md)
  --api-key KEY         a key the server accepts (repeatable)
  --anonymous           serve downloads without a key
  --quota N             answer the daily-quota 429 after N downloads
  --ttl SECONDS         signed URLs expire after this long
  --red                 also serve a civitai.red stand-in on its own port
  --outage STATUS       every API request gets that status's error page (503, 522, ...)
  -h, --help            this text
`;

function parsed() {
	try {
		return parseArgs({ options: OPTIONS });
	} catch (e) {
		process.stderr.write(`${(e as Error).message}\n\n${USAGE}`);
		process.exit(2);
	}
}

const OPTIONS = {
	port: { type: "string", default: "0" },
	"storage-port": { type: "string", default: "0" },
	catalogue: { type: "string" },
	faults: { type: "string" },
	"api-key": { type: "string", multiple: true },
	anonymous: { type: "boolean", default: false },
	quota: { type: "string" },
	ttl: { type: "string" },
	red: { type: "boolean", default: false },
	outage: { type: "string" },
	help: { type: "boolean", short: "h", default: false },
} as const;

const { values } = parsed();
if (values.help) {
	process.stdout.write(USAGE);
	process.exit(0);
}

const catalogue: FakeCatalogue = values.catalogue ? (JSON.parse(readFileSync(values.catalogue, "utf8")) as FakeCatalogue) : demoCatalogue();
const faults: Fault[] = values.faults ? (JSON.parse(readFileSync(values.faults, "utf8")) as Fault[]) : [];

const server = await startFakeCivitai({
	catalogue,
	faults,
	apiKeys: values["api-key"] ?? [],
	anonymousDownloads: values.anonymous,
	...(values.quota !== undefined ? { downloadQuota: Number(values.quota) } : {}),
	...(values.ttl !== undefined ? { signedUrlTtlSeconds: Number(values.ttl) } : {}),
	...(values.outage !== undefined ? { outage: Number(values.outage) } : {}),
	port: Number(values.port),
	storagePort: Number(values["storage-port"]),
	redOrigin: values.red,
});
console.log(`${server.baseUrl}/api/v1`);
const red = server.redBaseUrl ? `, civitai.red stand-in ${server.redBaseUrl}` : "";
console.error(`local Civitai: API ${server.baseUrl}${red}, storage ${server.storageOrigin}. Ctrl-C stops it.`);
const stop = () => {
	void server.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
