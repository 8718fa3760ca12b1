/**
 * Every test helper under its old name, for the files that import them from here. New tests import from
 * `test/helpers/` what they need: `temp` (folders), `civitai` (the local Civitai and its key), `catalogue`
 * (its small catalogue), `cli` (the built CLI and its config), `terminal` (the CLI in a pseudo-terminal),
 * `servers` (webhook receivers and other local servers), `wait` (waiting for what another process does),
 * `repo` (the repository's root).
 */
export * from "./helpers/catalogue.js";
export * from "./helpers/civitai.js";
export * from "./helpers/cli.js";
export * from "./helpers/repo.js";
export * from "./helpers/servers.js";
export * from "./helpers/temp.js";
export * from "./helpers/terminal.js";
export * from "./helpers/wait.js";
