"use strict";
// The parts of undici the command line uses (Agent, EnvHttpProxyAgent, request, the Dispatcher
// methods), bundled in its place: undici's index also loads fetch, WebSocket, the cache stores and the
// mock agents, about half of its code, parsed and run before `get` could send its first request. The
// library (dist/index.js) still imports undici itself. `request` is made as undici's index makes it
// (index.js, makeDispatcher: undici 7, MIT); test/e2e/bundle-contents.test.ts checks what is left out.
const Dispatcher = require("undici/lib/dispatcher/dispatcher");
const Agent = require("undici/lib/dispatcher/agent");
const EnvHttpProxyAgent = require("undici/lib/dispatcher/env-http-proxy-agent");
const errors = require("undici/lib/core/errors");
const util = require("undici/lib/core/util");
const api = require("undici/lib/api");
const { getGlobalDispatcher, setGlobalDispatcher } = require("undici/lib/global");

const { InvalidArgumentError } = errors;

Object.assign(Dispatcher.prototype, api);

function makeDispatcher(fn) {
	return (url, opts, handler) => {
		if (typeof opts === "function") {
			handler = opts;
			opts = null;
		}
		if (!url || (typeof url !== "string" && typeof url !== "object" && !(url instanceof URL))) {
			throw new InvalidArgumentError("invalid url");
		}
		if (opts != null && typeof opts !== "object") {
			throw new InvalidArgumentError("invalid opts");
		}
		if (opts && opts.path != null) {
			if (typeof opts.path !== "string") {
				throw new InvalidArgumentError("invalid opts.path");
			}
			let path = opts.path;
			if (!opts.path.startsWith("/")) {
				path = `/${path}`;
			}
			url = new URL(util.parseOrigin(url).origin + path);
		} else {
			if (!opts) {
				opts = typeof url === "object" ? url : {};
			}
			url = util.parseURL(url);
		}
		const { agent, dispatcher = getGlobalDispatcher() } = opts;
		if (agent) {
			throw new InvalidArgumentError("unsupported opts.agent. Did you mean opts.client?");
		}
		return fn.call(
			dispatcher,
			{
				...opts,
				origin: url.origin,
				path: url.search ? `${url.pathname}${url.search}` : url.pathname,
				method: opts.method || (opts.body ? "PUT" : "GET"),
			},
			handler,
		);
	};
}

module.exports = {
	Dispatcher,
	Agent,
	EnvHttpProxyAgent,
	errors,
	getGlobalDispatcher,
	setGlobalDispatcher,
	request: makeDispatcher(api.request),
	stream: makeDispatcher(api.stream),
	pipeline: makeDispatcher(api.pipeline),
	connect: makeDispatcher(api.connect),
	upgrade: makeDispatcher(api.upgrade),
};
