// Provisions Uptime Kuma for Huddle: the admin account and one monitor per service.
// Run through scripts/uptime-kuma-provision.sh (which finds node and socket.io-client), or
//   node scripts/uptime-kuma-provision.js [--list] [--wait SECONDS] <kuma-url> <env-file>
// An env-file of "-" means the text in globalThis.HUDDLE_KUMA_ENV_B64 (base64), which the wrapper
// prepends when it runs this file inside the Uptime Kuma container (node - on stdin).
// (No "#!" line: this file is also fed to `node -` after that prefix.)
//
// Why the socket.io API and not rows written into kuma.db: the API is what Uptime Kuma's own web
// page uses, and its events (needSetup, setup, login, add, editMonitor, deleteMonitor, monitorList)
// have the same shape in 1.23.x (the upstream image) and 2.0 (the npm package), while the database
// does not: 1.23 patches its schema with SQL files, 2.0 with knex migrations, the monitor table's
// columns differ between them, passwords are bcrypt hashes the server must make, and a monitor only
// starts when the server is told about it. Through the API, Kuma validates, stores and starts each
// monitor itself, whatever its schema.
//
// Idempotent: monitors are matched by name. A missing one is added; one whose settings differ from
// the wanted ones is edited back; extra monitors of the same name are deleted; monitors with other
// names (an operator's own) are left alone. The admin account is created only when Kuma has none.
//
// The .env settings read (the process environment wins over the file):
//   UPTIME_KUMA_ADMIN_PASSWORD   required; Uptime Kuma wants letters and digits, 6 characters or more
//   UPTIME_KUMA_ADMIN_USER       default admin
//   UPTIME_KUMA_TARGETS          docker (the Compose service names on the network, default) or local
//                                (every role on one host); HUDDLE_DEPLOY_MODE when unset
//   UPTIME_KUMA_TARGET_HOST      the host of every check (local: HUDDLE_BIND_ADDRESS or 127.0.0.1)
//   PROSODY_HTTP_PORT (5280), HUDDLE_JVB_REST_PORT (8080), HUDDLE_FOCUS_HTTP_PORT (8888),
//   TURN_PORT (3478), and in local mode HTTP_PORT (8000) for the web role: the ports checked
//   UPTIME_KUMA_WEB_URL, UPTIME_KUMA_BOSH_URL, UPTIME_KUMA_WEBSOCKET_URL, UPTIME_KUMA_XMPP_HEALTH_URL,
//   UPTIME_KUMA_BRIDGE_HEALTH_URL, UPTIME_KUMA_FOCUS_HEALTH_URL, UPTIME_KUMA_TURN_HOST,
//   UPTIME_KUMA_TURN_PORT: one check's target, in full
//   UPTIME_KUMA_INTERVAL         seconds between checks (default 60)
"use strict";

const fs = require("fs");

const MANAGED_BY = "Provisioned by Huddle (scripts/uptime-kuma-provision.sh); changes are reset on the next deploy.sh init.";

function usage(message) {
    if (message) {
        process.stderr.write(`uptime-kuma-provision: ${message}\n`);
    }
    process.stderr.write("Usage: uptime-kuma-provision [--list] [--wait SECONDS] <kuma-url> <env-file>\n");
    process.exit(2);
}

function fail(message, code = 1) {
    process.stderr.write(`uptime-kuma-provision: ${message}\n`);
    process.exit(code);
}

/** KEY=VALUE lines as a .env file has them (comments, blank lines, export and quotes allowed). */
function parseEnv(text) {
    const env = {};
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith("#")) {
            continue;
        }
        const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
        if (!m) {
            continue;
        }
        let value = m[2].trim();
        if (value.length >= 2 && (value[0] === "\"" || value[0] === "'") && value.endsWith(value[0])) {
            value = value.slice(1, -1);
        }
        env[m[1]] = value;
    }
    return env;
}

/** The monitors Huddle wants, as Uptime Kuma's "add" event takes them. */
function wantedMonitors(env) {
    const get = (key, fallback) => {
        const v = process.env[key] !== undefined && process.env[key] !== "" ? process.env[key] : env[key];
        return v === undefined || v === "" ? fallback : v;
    };
    const targets = get("UPTIME_KUMA_TARGETS", get("HUDDLE_DEPLOY_MODE", "docker"));
    if (targets !== "docker" && targets !== "local") {
        fail(`UPTIME_KUMA_TARGETS is '${targets}'; it takes docker or local`, 2);
    }
    const bind = get("HUDDLE_BIND_ADDRESS", "");
    const localHost = bind === "" || bind === "0.0.0.0" || bind === "::" ? "127.0.0.1" : bind;
    const common = get("UPTIME_KUMA_TARGET_HOST", targets === "local" ? localHost : "");
    const host = (service) => (common !== "" ? common : service);
    // Behind nginx the web role listens on 8000 (HTTP_PORT is nginx's port then); alone it is HTTP_PORT.
    const webPort = targets === "local" ? get("HTTP_PORT", "8000") : "8000";
    const xmppPort = get("PROSODY_HTTP_PORT", "5280");
    const xmpp = `http://${host("xmpp")}:${xmppPort}`;
    const interval = parseInt(get("UPTIME_KUMA_INTERVAL", "60"), 10);
    if (!(interval >= 20 && interval <= 86400)) {
        fail("UPTIME_KUMA_INTERVAL must be 20 to 86400 seconds", 2);
    }

    const http = (name, url, extra = {}) => ({ name, type: "http", url, ...extra });
    return {
        interval,
        monitors: [
            http("Huddle web page", get("UPTIME_KUMA_WEB_URL", `http://${host("web")}:${webPort}/`)),
            // GET /http-bind answers 200 "Huddle BOSH endpoint: POST XEP-0124 bodies here."
            http("Huddle BOSH", get("UPTIME_KUMA_BOSH_URL", `${xmpp}/http-bind`), {
                type: "keyword",
                keyword: "BOSH",
            }),
            // A plain GET (no Upgrade) answers 400 "this is an XMPP WebSocket endpoint (RFC 7395)...":
            // the endpoint is there. Uptime Kuma before 2.0's websocket-upgrade type checks no more.
            http("Huddle XMPP WebSocket", get("UPTIME_KUMA_WEBSOCKET_URL", `${xmpp}/xmpp-websocket`), {
                type: "keyword",
                keyword: "WebSocket",
                accepted_statuscodes: [ "400", "426" ],
            }),
            http("Huddle XMPP health", get("UPTIME_KUMA_XMPP_HEALTH_URL", `${xmpp}/about/health`)),
            http("Huddle videobridge health", get("UPTIME_KUMA_BRIDGE_HEALTH_URL",
                `http://${host("videobridge")}:${get("HUDDLE_JVB_REST_PORT", "8080")}/about/health`)),
            http("Huddle focus health", get("UPTIME_KUMA_FOCUS_HEALTH_URL",
                `http://${host("focus")}:${get("HUDDLE_FOCUS_HTTP_PORT", "8888")}/about/health`)),
            {
                name: "Huddle TURN port",
                type: "port",
                hostname: get("UPTIME_KUMA_TURN_HOST", host("coturn")),
                port: parseInt(get("UPTIME_KUMA_TURN_PORT", get("TURN_PORT", "3478")), 10),
            },
        ],
    };
}

/** A full monitor as Uptime Kuma's own editor sends it (its defaults), with ours on top. */
function fullMonitor(m, interval) {
    return {
        type: "http",
        name: "",
        description: MANAGED_BY,
        parent: null,
        url: "https://",
        method: "GET",
        hostname: null,
        port: null,
        keyword: null,
        invertKeyword: false,
        interval,
        retryInterval: interval,
        resendInterval: 0,
        maxretries: 1,
        timeout: Math.min(48, Math.floor(interval * 0.8)),
        notificationIDList: {},
        ignoreTls: false,
        upsideDown: false,
        packetSize: 56,
        expiryNotification: false,
        maxredirects: 10,
        accepted_statuscodes: [ "200-299" ],
        dns_resolve_type: "A",
        dns_resolve_server: "1.1.1.1",
        docker_container: "",
        docker_host: null,
        proxyId: null,
        mqttUsername: "",
        mqttPassword: "",
        mqttTopic: "",
        mqttSuccessMessage: "",
        authMethod: null,
        oauth_auth_method: "client_secret_basic",
        httpBodyEncoding: "json",
        kafkaProducerBrokers: [],
        kafkaProducerSaslOptions: { mechanism: "None" },
        gamedigGivenPortOnly: true,
        ...m,
    };
}

/** The settings this tool owns; an existing monitor that differs in one of them is edited back. */
const OWNED = [ "type", "url", "method", "hostname", "port", "keyword", "interval", "accepted_statuscodes" ];

function differs(existing, wanted) {
    const norm = (k, v) => {
        if (v === undefined || v === "") {
            return null;
        }
        if (k === "port" || k === "interval") {
            return v === null ? null : Number(v);
        }
        if (k === "accepted_statuscodes") {
            return JSON.stringify(v || []);
        }
        return v;
    };
    const relevant = OWNED.filter((k) => {
        // Kuma keeps hostname/port/keyword of an http monitor as whatever was last typed in; only the
        // ones the monitor's type uses matter.
        if (wanted.type === "port") {
            return [ "type", "hostname", "port", "interval" ].includes(k);
        }
        return k !== "hostname" && k !== "port" && (k !== "keyword" || wanted.type === "keyword");
    });
    return relevant.filter((k) => norm(k, existing[k]) !== norm(k, wanted[k]));
}

async function main() {
    const args = process.argv.slice(2);
    let list = false;
    let waitSeconds = 60;
    const positional = [];
    while (args.length) {
        const a = args.shift();
        if (a === "--list") {
            list = true;
        } else if (a === "--wait") {
            waitSeconds = Number(args.shift());
            if (!(waitSeconds >= 0)) {
                usage("--wait needs a number of seconds");
            }
        } else if (a === "-h" || a === "--help") {
            usage();
        } else if (a.startsWith("--")) {
            usage(`unknown option '${a}'`);
        } else {
            positional.push(a);
        }
    }
    if (positional.length !== 2) {
        usage("it takes the Uptime Kuma URL and the .env file");
    }
    const [ url, envFile ] = positional;
    let envText;
    if (envFile === "-") {
        envText = Buffer.from(globalThis.HUDDLE_KUMA_ENV_B64 || "", "base64").toString("utf8");
    } else {
        try {
            envText = fs.readFileSync(envFile, "utf8");
        } catch (e) {
            fail(`cannot read ${envFile}: ${e.message}`, 2);
        }
    }
    const env = parseEnv(envText);
    const password = process.env.UPTIME_KUMA_ADMIN_PASSWORD || env.UPTIME_KUMA_ADMIN_PASSWORD;
    const username = process.env.UPTIME_KUMA_ADMIN_USER || env.UPTIME_KUMA_ADMIN_USER || "admin";
    if (!password) {
        fail(`UPTIME_KUMA_ADMIN_PASSWORD is not set in ${envFile}`, 2);
    }
    const { interval, monitors } = wantedMonitors(env);

    let io;
    try {
        io = require("socket.io-client");
    } catch (e) {
        fail("the Node module socket.io-client is missing (scripts/uptime-kuma-provision.sh finds or installs it)");
    }

    const socket = await connect(io, url, waitSeconds);
    let monitorList = null;
    socket.on("monitorList", (l) => {
        monitorList = l;
    });
    // The latest check of each monitor, for --list: Kuma sends the recent ones after the login, and
    // each new one as it happens.
    const lastBeat = {};
    socket.on("heartbeatList", (monitorID, beats) => {
        if (Array.isArray(beats) && beats.length) {
            lastBeat[monitorID] = beats[beats.length - 1];
        }
    });
    socket.on("heartbeat", (beat) => {
        if (beat && beat.monitorID !== undefined) {
            lastBeat[beat.monitorID] = beat;
        }
    });
    const call = (event, ...params) => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to '${event}' in 30 s`)), 30000);
        socket.emit(event, ...params, (res) => {
            clearTimeout(timer);
            resolve(res);
        });
    });

    try {
        if (await call("needSetup")) {
            const res = await call("setup", username, password);
            if (!res || !res.ok) {
                fail(`creating the admin account '${username}' failed: ${res && res.msg}`);
            }
            log(`created the admin account '${username}'`);
        }
        const login = await call("login", { username, password, token: "" });
        if (login && login.tokenRequired) {
            fail(`'${username}' has two-factor authentication on: provisioning cannot log in`, 3);
        }
        if (!login || !login.ok) {
            fail(`logging in as '${username}' failed (${login && login.msg}): UPTIME_KUMA_ADMIN_PASSWORD in the .env `
                + "must be the password of Uptime Kuma's admin account", 3);
        }
        const deadline = Date.now() + 15000;
        while (monitorList === null && Date.now() < deadline) {
            await sleep(100);
        }
        if (monitorList === null) {
            fail("Uptime Kuma sent no monitor list after the login");
        }

        if (list) {
            // afterLogin sends the heartbeat lists half a second after the monitor list.
            const until = Date.now() + 3000;
            while (Date.now() < until && Object.keys(monitorList).some((id) => !(id in lastBeat))) {
                await sleep(100);
            }
            const STATUS = { 0: "down", 1: "up", 2: "pending", 3: "maintenance" };
            const out = Object.values(monitorList).map((m) => ({
                id: m.id, name: m.name, type: m.type, url: m.url, hostname: m.hostname, port: m.port,
                keyword: m.keyword, accepted_statuscodes: m.accepted_statuscodes, interval: m.interval, active: m.active,
                status: lastBeat[m.id] ? STATUS[lastBeat[m.id].status] || String(lastBeat[m.id].status) : null,
                msg: lastBeat[m.id] ? lastBeat[m.id].msg : null,
            }));
            process.stdout.write(JSON.stringify(out, null, 2) + "\n");
            return;
        }

        let added = 0;
        let edited = 0;
        let kept = 0;
        let removed = 0;
        for (const m of monitors) {
            const wanted = fullMonitor(m, interval);
            const same = Object.values(monitorList).filter((x) => x.name === m.name).sort((a, b) => a.id - b.id);
            for (const extra of same.slice(1)) {
                const res = await call("deleteMonitor", extra.id);
                if (!res || !res.ok) {
                    fail(`deleting the duplicate '${m.name}' (id ${extra.id}) failed: ${res && res.msg}`);
                }
                removed++;
            }
            const existing = same[0];
            if (!existing) {
                const res = await call("add", wanted);
                if (!res || !res.ok) {
                    fail(`adding '${m.name}' failed: ${res && res.msg}`);
                }
                log(`added '${m.name}' (${describe(wanted)})`);
                added++;
                continue;
            }
            const changed = differs(existing, wanted);
            if (changed.length === 0) {
                kept++;
                continue;
            }
            const edit = { ...existing };
            for (const k of OWNED) {
                edit[k] = wanted[k];
            }
            edit.description = wanted.description;
            edit.id = existing.id;
            if (!edit.accepted_statuscodes) {
                edit.accepted_statuscodes = wanted.accepted_statuscodes;
            }
            const res = await call("editMonitor", edit);
            if (!res || !res.ok) {
                fail(`updating '${m.name}' failed: ${res && res.msg}`);
            }
            log(`updated '${m.name}' (${changed.join(", ")}: now ${describe(wanted)})`);
            edited++;
        }
        log(`monitors: ${added} added, ${edited} updated, ${kept} unchanged`
            + (removed ? `, ${removed} duplicates deleted` : ""));
    } finally {
        socket.disconnect();
    }
}

function describe(m) {
    return m.type === "port" ? `port ${m.hostname}:${m.port}` : `${m.type} ${m.url}`;
}

function log(message) {
    process.stdout.write(`uptime-kuma-provision: ${message}\n`);
}

function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

/** Connects, retrying until Uptime Kuma answers (it takes a while on its first start). */
async function connect(io, url, waitSeconds) {
    const deadline = Date.now() + waitSeconds * 1000;
    let last = null;
    for (;;) {
        const socket = io(url, { transports: [ "websocket" ], reconnection: false, timeout: 10000 });
        try {
            await new Promise((resolve, reject) => {
                socket.once("connect", resolve);
                socket.once("connect_error", reject);
            });
            return socket;
        } catch (e) {
            socket.close();
            last = e;
        }
        if (Date.now() >= deadline) {
            fail(`Uptime Kuma does not answer at ${url}: ${last && last.message}`, 4);
        }
        await sleep(2000);
    }
}

main().then(() => process.exit(0), (e) => fail(e && e.stack ? e.stack : String(e)));
