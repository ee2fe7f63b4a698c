-- Huddle room policy plugins, token authentication and shared state: every setting and its default.
--
-- These options go in the same Prosody-style config file as the XMPP server's (huddle-xmpp.reference.cfg.lua),
-- globally or under the VirtualHost/Component they concern; a host's option wins over the global one, as with
-- Prosody's module:get_option. Environment variables (docker-jitsi-meet's names where it has one) win over both and
-- apply to every host; each is noted next to its option. Durations take units ("1 minute"), sizes take units ("1 MiB").
-- A test keeps this file equal to the defaults in the code and in the shipped plugins.
--
-- Enabling plugins: list them in modules_enabled of the host whose events they hook, as in Prosody. The room plugins
-- belong on the MUC component:
--
--   Component "muc.meet.jitsi" "muc"
--       modules_enabled = { "public_rooms", "private_rooms", "other_rooms", "token_verification" }
--
-- or, with docker-jitsi-meet's variables, XMPP_MUC_MODULES=public_rooms,private_rooms,other_rooms,token_verification.
-- A name is looked up as <name>.lua, mod_<name>.lua or mod_<name>/mod_<name>.lua in the plugin folders, then among
-- the plugins shipped in the jar. Names with no Lua file (Prosody's own modules) are skipped.

---------- Plugin folders and the sandbox ----------
plugin_paths = { }                  -- HUDDLE_PLUGIN_PATHS (comma-separated): folders searched before the shipped
                                    -- plugins; edits there are reloaded without a restart
plugin_instruction_budget = 200000  -- Lua VM instructions one hook call may run (loading a file: ten times as many)
plugin_memory_budget = "16 MiB"     -- bytes one hook call may allocate (loading a file: ten times as much)
plugin_max_string = "1 MiB"         -- longest string string.rep may build

---------- Shared state (room passwords, attempt counters) ----------
-- redis_url = "redis://redis:6379"  -- REDIS_URL: share state between shards; unset keeps it in this process.
                                     -- redis://[user:password@]host[:port][/db], or rediss:// for TLS
redis_key_prefix = "huddle:"         -- HUDDLE_REDIS_KEY_PREFIX: put before every key
redis_timeout = "1 second"           -- connect and read timeout of one Redis call
redis_retry_interval = "2 seconds"   -- after a failure, calls fail at once for this long before Redis is tried again

---------- Token authentication: VirtualHost "meet.jitsi" with authentication = "token" ----------
-- ENABLE_AUTH=1 with AUTH_TYPE=jwt sets authentication = "token" on the main host.
-- app_id = "my_app"                 -- JWT_APP_ID: required; the default accepted issuer
-- app_secret = "..."                -- JWT_APP_SECRET: HS256 secret
-- asap_key_server = "https://keys.example.com/asap"  -- JWT_ASAP_KEYSERVER: RS256 keys at <url>/<sha256(kid)>.pem
-- jwt_public_key_file = "/config/jwt.pem"  -- JWT_PUBLIC_KEY_FILE: one RS256 public key (PEM: key or certificate)
-- asap_accepted_issuers = { "my_app" }     -- JWT_ACCEPTED_ISSUERS: accepted iss values; default: app_id only
asap_accepted_audiences = { "*" }    -- JWT_ACCEPTED_AUDIENCES: accepted aud values; "*" accepts any
asap_require_room_claim = true       -- a token must carry a room claim
allow_empty_token = false            -- JWT_ALLOW_EMPTY: let clients without a token log in (as anonymous users)
asap_key_server_timeout = "5 seconds" -- how long a key server fetch may take
jwt_pubkey_cache_size = 128          -- key server keys kept in memory

---------- Room policy file ----------
-- room_policy_file = "/config/room-policy.cfg.lua"  -- HUDDLE_ROOM_POLICY_FILE: unset by default. A Prosody-style
--   file holding only the room plugins' options below (public_rooms, private_room_passwords,
--   private_room_default_password, other_rooms_access, ...; no VirtualHost or Component sections). Its values win
--   over this file and the environment for those options. It is checked every second and a change takes effect
--   without a restart (the room plugins reload). A file that does not parse, or sets another option or a value of
--   the wrong kind, is logged with its line and the last good policy stays in force; at start it stops the server.
--   A missing file sets nothing until it appears. Example: docker/room-policy.example.cfg.lua.

---------- public_rooms.lua ----------
public_rooms = { "daily-standup", "team-meeting", "weekly-review" }  -- HUDDLE_PUBLIC_ROOMS or PUBLIC_ROOMS
                                     -- (comma-separated; HUDDLE_PUBLIC_ROOMS wins when both are set):
                                     -- rooms anyone may join, with no account and no password

---------- private_rooms.lua ----------
private_room_prefix = "private-"     -- HUDDLE_PRIVATE_ROOM_PREFIX: rooms whose name starts with this need a password
private_room_passwords = { }         -- passwords for some rooms, by room name: { ["private-board"] = "..." };
                                     -- a changed one applies to an open room at its next join, unless the owner
                                     -- has set another password since
-- private_room_default_password = "..."  -- HUDDLE_PRIVATE_ROOM_DEFAULT_PASSWORD: for every other private room;
                                          -- unset: the room waits for its owner to set one
private_room_max_failures = 5        -- wrong passwords allowed per client address and room...
private_room_failure_window = "1 minute"  -- ...within this window; past it, joins wait until the window ends
private_room_password_ttl = "1 day"  -- how long a shared password outlives a shard that forgot to remove it

---------- other_rooms.lua ----------
other_rooms_access = "open"          -- HUDDLE_OTHER_ROOMS_ACCESS: "open" (anyone, Jitsi's default) or
                                     -- "authenticated" (accounts and token holders only)

---------- wait_for_host.lua (on the MUC component, first, with ENABLE_AUTH=1) ----------
allow_guests = false                 -- ENABLE_GUESTS: guests (anonymous, no token) join a room once a signed-in
                                     -- user has joined it; false: guests join the public rooms only. It must
                                     -- agree with the focus's ENABLE_GUESTS, so the room-policy file cannot set it

---------- token_verification.lua ----------
token_verification_allowlist = { }   -- domains or JIDs exempt from room claims (jigasi, jibri)
