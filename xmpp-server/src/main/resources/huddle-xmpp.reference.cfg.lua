-- Huddle XMPP server: every setting and its default.
--
-- This file is written the way Prosody's prosody.cfg.lua is, and Huddle reads it the same way (through LuaJ, in a
-- sandbox with no io/os). Pass your own with `huddle xmpp --config FILE` or HUDDLE_XMPP_CONFIG=FILE. Without a file,
-- Huddle behaves exactly as if it had read this one. A test keeps this file and the defaults in the code equal.
--
-- Environment variables (docker-jitsi-meet's names where one exists) override the file; each is noted next to the
-- option it sets. Durations take units ("90 seconds", "5 minutes"); sizes take units ("256 KiB").
--
-- Every option is read once, at start, and checked: a value of the wrong kind stops the server with the file, the
-- option and what it must be; so does an unknown name one or two letters away from a known one ("did you mean
-- muc_room_locking?"). Prosody and Jitsi options Huddle has no use for (storage, muc_lobby_whitelist, smacks_max_*, ...) are
-- accepted and ignored; any other unknown name is logged once at WARN (docs/xmpp-server.md, "Options").

---------- Listeners ----------
c2s_interfaces = { "*" }         -- HUDDLE_BIND_ADDRESS sets all three interfaces (tests use 127.0.0.1)
c2s_ports = { 5222 }             -- XMPP_PORT: client connections (RFC 6120), STARTTLS
component_interfaces = { "127.0.0.1" } -- XMPP_COMPONENT_INTERFACES (comma-separated); HUDDLE_BIND_ADDRESS
                                 -- sets it too unless it is a wildcard ("*", 0.0.0.0, ::): components are internal
component_ports = { 5347 }       -- XMPP_COMPONENT_PORT: external components (XEP-0114), e.g. the focus
http_interfaces = { "*" }
http_ports = { 5280 }            -- PROSODY_HTTP_PORT: /http-bind, /xmpp-websocket, /about/health, /metrics

---------- Threads ----------
io_threads = 0                   -- HUDDLE_XMPP_IO_THREADS: network threads for every connection (c2s, BOSH,
                                 -- WebSocket, components); 0 is one per core. Fewer threads mean fewer hand-offs
                                 -- between them (docs/xmpp-server.md, "Threading")
network_backend = "epoll"        -- HUDDLE_XMPP_NETWORK_BACKEND: "epoll" (Linux, Netty's native transport; NIO
                                 -- with a warning where it cannot load) or "nio" (Prosody's "select"/"event")

---------- Storage ----------
data_path = "data"               -- HUDDLE_DATA_PATH: accounts (salted SCRAM keys) and generated certificates

---------- Security ----------
c2s_require_encryption = true    -- PROSODY_C2S_REQUIRE_ENCRYPTION: refuse authentication before STARTTLS
                                 -- on the c2s port (BOSH and WebSocket: see consider_bosh_secure)
allow_unencrypted_plain_auth = false  -- offer SASL PLAIN on unencrypted connections
-- ssl = { certificate = "/config/certs/meet.jitsi.crt"; key = "/config/certs/meet.jitsi.key" }
--   PEM files; without them a self-signed certificate for every host is made in data_path/certs at first start.
scram_iteration_count = 10000    -- PBKDF2 iterations for newly stored passwords
auth_failure_free_attempts = 3   -- failed logins from one address answered without delay...
auth_failure_window = "10 minutes"   -- ...within this window;
auth_failure_delay = "1 second"      -- after them, each failure waits this long, doubling...
auth_failure_max_delay = "30 seconds" -- ...up to this.

---------- Limits ----------
c2s_stanza_size_limit = "256 KiB" -- HUDDLE_C2S_STANZA_SIZE_LIMIT: larger stanzas end the stream (policy-violation)
xml_max_depth = 32               -- deepest element nesting inside a stanza
xml_max_attributes = 64          -- most attributes and namespace declarations (xmlns, xmlns:x) together on one element
xml_max_stanza_namespaces = 4096 -- most namespace declarations in one stanza (Jicofo's Jingle: ~18 per participant)
xml_max_stream_names = 4096      -- most distinct element/attribute names in one stream until it restarts (Jitsi: ~300)
c2s_parse_rate = "8 MiB/s"       -- parse work a TCP connection (c2s or component) may ask for: a unit per byte, 64
                                 -- more per element, 128 more per attribute or namespace declaration; past it the
                                 -- server stops reading from that connection until it is back under
c2s_parse_burst = "1 second"     -- how much of that rate may be parsed at once
c2s_parse_throttle_limit = "30 seconds" -- held back this long without a break: the stream ends (policy-violation)
c2s_max_outbound = "4 MiB"       -- output queued for a client that is not reading, before it is disconnected

---------- Timeouts ----------
c2s_timeout = "90 seconds"       -- time a new connection has to authenticate
c2s_ping_interval = "60 seconds" -- silence after which the server pings a client (XEP-0199)
c2s_ping_timeout = "30 seconds"  -- time it then waits for any answer before closing the connection

---------- BOSH and WebSocket (on the HTTP port) ----------
bosh_max_wait = "120 seconds"    -- the longest a BOSH request is held (the client's 'wait' is capped here)
bosh_max_hold = 1                -- requests held at once (the client's 'hold' is capped here)
bosh_max_inactivity = "60 seconds" -- a BOSH session with no request open this long ends
bosh_max_polling = "5 seconds"   -- the shortest interval between empty requests when hold is 0
cross_domain_bosh = false        -- XMPP_CROSS_DOMAIN: CORS headers on /http-bind
consider_bosh_secure = false     -- treat BOSH as encrypted (TLS ends at a proxy in front)
consider_websocket_secure = false -- the same for WebSocket
trusted_proxies = { "127.0.0.1/8"; "::1" } -- PROSODY_TRUSTED_PROXIES (comma-separated): CIDR ranges (or host
                                 -- names, resolved every 30 s: "nginx" in Compose) of the proxies whose
                                 -- X-Forwarded-For/-Proto to believe; the client is the right-most address in
                                 -- X-Forwarded-For that is not one of them. Others' headers are ignored.

---------- Per-address limits (Prosody's mod_limits and connection limits) ----------
-- Counted per client address (behind a trusted proxy, the forwarded one; IPv6 by its /64). Loopback is not exempt.
-- Past a cap the stream ends with policy-violation and a text naming the option; BOSH gets HTTP 429. Refusals are
-- counted in huddle_xmpp_limit_refusals_total{limit} on /metrics. 0 means no cap.
max_connections_per_ip = 500     -- HUDDLE_MAX_CONNECTIONS_PER_IP: open c2s and WebSocket connections
max_unauthenticated_per_ip = 50  -- HUDDLE_MAX_UNAUTHENTICATED_PER_IP: streams not logged in yet (every transport)
max_sessions_per_ip = 500        -- HUDDLE_MAX_SESSIONS_PER_IP: logged-in sessions (every transport)
bosh_max_sessions_per_ip = 200   -- HUDDLE_BOSH_MAX_SESSIONS_PER_IP: BOSH sessions
limits = { c2s = { rate = "10kb/s"; burst = "2s" } } -- PROSODY_C2S_LIMIT (rate), HUDDLE_C2S_LIMIT_BURST: bytes a
                                 -- client connection may send; faster, and the server stops reading from it for a
                                 -- while (huddle_xmpp_throttled_total). Not disconnected; BOSH requests wait instead.
-- unlimited_jids = { }          -- accounts with no byte rate once logged in; default: the admins (focus, bridge)
component_max_failed_handshakes = 5 -- HUDDLE_COMPONENT_MAX_FAILED_HANDSHAKES: wrong component secrets from one
component_failed_handshake_window = "1 minute" -- address within this window; then policy-violation until it ends
connection_log_interval = "1 minute" -- HUDDLE_CONNECTION_LOG_INTERVAL: one INFO line sums up connections, logins
                                 -- and refusals; each connection's events are at DEBUG. "0 seconds": no summary

---------- Stream management (XEP-0198) ----------
smacks_hibernation_time = "60 seconds" -- how long a dropped session waits to be resumed (it stays in its rooms)
smacks_max_queue_size = 5000     -- unacknowledged stanzas kept per session before it is closed

---------- External services (XEP-0215: STUN/TURN) ----------
-- external_services = { { type = "turn", host = "turn.example.com", port = 3478, transport = "udp", secret = true } }
-- external_service_secret = "..."  -- credentials: username <expiry>:<user>, password base64(HMAC-SHA1(secret, username))
-- From the environment as docker-jitsi-meet: STUN_HOST/STUN_PORT, TURN_HOST/TURN_PORT/TURN_TRANSPORT (lists),
-- TURNS_HOST/TURNS_PORT, TURN_CREDENTIALS (the secret), TURN_TTL (seconds).
external_service_ttl = "1 day"   -- how long a credential lasts when a service gives no ttl
-- A meeting's own TURN servers (the allocation hook's "turn" answer) are set by the focus with Huddle's
-- meeting-services IQ (docs/xmpp-server.md), taken only from these senders; anyone else gets forbidden.
-- Default: the focus's account and component, "<JICOFO_AUTH_USER>@<XMPP_AUTH_DOMAIN>" and "focus.<XMPP_DOMAIN>";
-- HUDDLE_FOCUS_JIDS (comma-separated) sets it.
-- focus_jids = { "focus@auth.meet.jitsi", "focus.meet.jitsi" }

---------- Accounts and modules ----------
-- JICOFO_AUTH_USER (focus) / JICOFO_AUTH_PASSWORD and JVB_AUTH_USER (jvb) / JVB_AUTH_PASSWORD create or update
-- those accounts on the auth domain at start, as docker-jitsi-meet's prosodyctl step does.
-- HUDDLE_HEALTH_USER (health) / HUDDLE_HEALTH_PASSWORD create the health-check account on the auth domain the same
-- way (no password: no account). It is not an admin; `huddle probe xmpp` logs in with it when it has the password.
admins = { "focus@auth.meet.jitsi", "jvb@auth.meet.jitsi" }  -- PROSODY_ADMINS adds more; admins own every room
modules_enabled = { }            -- GLOBAL_MODULES adds to it (Lua plugins, see auth-plugins/)
-- modules_disabled = { }        -- taken out of every host's modules_enabled

---------- Hosts: docker-jitsi-meet's layout ----------
-- Domains follow XMPP_DOMAIN (meet.jitsi), XMPP_AUTH_DOMAIN (auth.<domain>), XMPP_MUC_DOMAIN (muc.<domain>),
-- XMPP_INTERNAL_MUC_DOMAIN (internal-muc.<domain>) and XMPP_GUEST_DOMAIN (guest.<domain>). With ENABLE_AUTH=1 the
-- main host uses AUTH_TYPE (internal: internal_hashed; jwt: token), an anonymous guest host is added, and the
-- rooms get "wait_for_host": guests wait for a signed-in host (ENABLE_GUESTS=1) or, with ENABLE_GUESTS=0, enter
-- only the public rooms (docs/auth-plugins.md). XMPP_MODULES, XMPP_MUC_MODULES and XMPP_INTERNAL_MUC_MODULES add
-- modules to the matching host.

VirtualHost "meet.jitsi"
    authentication = "anonymous"
    -- Jitsi's breakout rooms and lobby, as Prosody's VirtualHost enables them (docs/wire.md, "Breakout rooms" and
    -- "Lobby"): moderators open rooms on breakout_rooms_muc for the meetings of main_muc, and a moderator's
    -- members-only meeting gets a room on lobby_muc where people knock. ENABLE_BREAKOUT_ROOMS=0 and ENABLE_LOBBY=0
    -- (docker-jitsi-meet's names), or HUDDLE_JITSI_COMPONENTS=0, leave them and their MUC services out.
    modules_enabled = { "muc_breakout_rooms", "muc_lobby_rooms" }
    main_muc = "muc.meet.jitsi"
    breakout_rooms_muc = "breakout.meet.jitsi"
    lobby_muc = "lobby.meet.jitsi"
    -- Knocks (joins of a lobby by someone waiting) one remote address may make per window; 0: no limit.
    -- HUDDLE_MUC_LOBBY_KNOCK_LIMIT / HUDDLE_MUC_LOBBY_KNOCK_WINDOW set them globally.
    --   muc_lobby_knock_limit = 10
    --   muc_lobby_knock_window = "1 minute"
    -- The Jitsi components its users discover (a disco identity each, docs/wire.md), by address. Each is
    -- advertised only when the address is a component Huddle serves of that kind, so a client never sees a
    -- feature that is not there. The defaults are docker-jitsi-meet's addresses, <prefix>.<this host>:
    --   speakerstats_component = "speakerstats.meet.jitsi"
    --   conference_duration_component = "conferenceduration.meet.jitsi"
    --   end_conference_component = "endconference.meet.jitsi"
    --   av_moderation_component = "avmoderation.meet.jitsi"
    --   lobby_muc = "lobby.meet.jitsi"                         (set above)
    --   breakout_rooms_muc = "breakout.meet.jitsi"             (set above)
    -- With ENABLE_AUTH=1 the guest host names the main host's components and its lobby with these options.

VirtualHost "auth.meet.jitsi"
    authentication = "internal_hashed"

Component "internal-muc.meet.jitsi" "muc"
    muc_room_locking = false             -- Prosody's default is true: rooms wait for their owner's configuration
    muc_room_default_public_jids = true  -- occupants see real JIDs (Jitsi needs it to find the focus)

Component "muc.meet.jitsi" "muc"
    muc_room_locking = false
    muc_room_default_public_jids = true
    -- Room policy plugins (auth-plugins/, Lua): fixed public rooms, private- rooms, the rest.
    -- With ENABLE_AUTH=1, "wait_for_host" comes first; with AUTH_TYPE=jwt, "token_verification" is added.
    -- "polls" is built in (Jitsi's polls: checked, kept per room, sent to joiners; docs/wire.md "Polls").
    modules_enabled = { "public_rooms"; "private_rooms"; "other_rooms"; "polls" }
    -- Other MUC options, with Prosody's names and defaults:
    --   muc_room_default_public = true, muc_room_default_persistent = false,
    --   muc_room_default_members_only = false, muc_room_default_moderated = false,
    --   muc_room_default_change_subject = false, muc_room_default_history_length = 20,
    --   muc_max_occupants = 0 (no limit), restrict_room_creation = false ("admin", "local")

-- Jitsi's components, served inside Huddle by their Prosody module names (HUDDLE_JITSI_COMPONENTS=0 leaves all four
-- out of the default layout; ENABLE_END_CONFERENCE=0 and ENABLE_AV_MODERATION=0, docker-jitsi-meet's names, leave out
-- endconference or avmoderation). muc_component names the MUC service
-- each watches (required). Another module name fails start-up: "... uses module 'x', which Huddle does not provide".
Component "speakerstats.meet.jitsi" "speakerstats_component"   -- dominant-speaker times, sent to each joiner
    muc_component = "muc.meet.jitsi"

Component "conferenceduration.meet.jitsi" "conference_duration_component"  -- the room's creation time, to each joiner
    muc_component = "muc.meet.jitsi"

Component "endconference.meet.jitsi" "end_conference"   -- a moderator's <end_conference/> ends the meeting
    muc_component = "muc.meet.jitsi"

Component "avmoderation.meet.jitsi" "av_moderation_component"   -- moderators decide who may unmute
    muc_component = "muc.meet.jitsi"

-- The breakout rooms' MUC service: only rooms a moderator added can be created, their occupants get the main
-- room's affiliations. The address is also the one clients discover and send breakout requests to.
Component "breakout.meet.jitsi" "muc"
    muc_room_locking = false
    muc_room_default_public_jids = true

-- The lobby rooms' service: rooms there exist only while their meeting has a lobby (restrict_room_creation).
Component "lobby.meet.jitsi" "muc"
    muc_room_locking = false
    muc_room_default_public_jids = true  -- moderators see who knocks by real JID, which approving names
    restrict_room_creation = true

-- XEP-0363 file sharing (docs/records.md, "Files"), Prosody's mod_http_file_share by its name: slots for the
-- meeting of muc_component the requester is in, whose PUT and GET URLs the web role serves. The default layout
-- has it when HUDDLE_FILE_SHARE_SECRET is set (`huddle all` makes one up); the options and their defaults:
-- Component "upload.meet.jitsi" "http_file_share"
--     muc_component = "muc.meet.jitsi"
--     http_file_share_secret = "..."            -- required; the web role's HUDDLE_FILE_SHARE_SECRET, the same
--     http_file_share_base_url = "https://meet.example.com/files"  -- required; where the web role serves /files
--     http_file_share_size_limit = "100 MiB"    -- larger: not-acceptable with <file-too-large/>
--     http_file_share_meeting_quota = "1 GiB"   -- what one meeting may upload; more: resource-constraint
--     http_file_share_allocation_url = ""       -- the allocation hook, asked Kind=FS&Email=<organizer>&Room=
--     http_file_share_allocation_timeout = "3 seconds"
-- Prosody's http_file_share_expires_after and quotas per user are not read: the web role keeps files for
-- HUDDLE_FILE_SHARE_EXPIRES_AFTER.

-- With JICOFO_COMPONENT_SECRET set, the focus may also connect as a component:
-- Component "focus.meet.jitsi"
--     component_secret = "..."
