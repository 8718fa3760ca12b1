#!/usr/bin/env node
// The entry stays small: `--version` answers from here without loading the commands, the validator or
// undici; everything else is loaded (a chunk of the bundle) once the command line asks for it.
import { VERSION } from "../version.js";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
	process.stdout.write(`${VERSION}\n`);
} else {
	await import("./run-cli.js");
}
