-- private_rooms: rooms whose name starts with "private-" open only with a password.
--
-- The first occupant (not counting server admins such as the focus) becomes the owner. Until a
-- password is set nobody else may enter, and they are told why. The owner sets the password in
-- the room configuration form (muc#roomconfig_roomsecret), or it comes from
-- private_room_passwords or private_room_default_password. From then on, entering needs it. Any
-- owner may change it later, on any shard; nobody may remove it while the room lasts.
-- Wrong passwords are counted per client address and room; past the limit, even the right one is
-- refused until the window ends. Passwords are shared between shards through the store (Redis
-- with REDIS_URL), never logged, and never sent to occupants.

local jid = require "util.jid";

local MUC = "http://jabber.org/protocol/muc";

local prefix = module:get_option_string("private_room_prefix", "private-"):lower();
local configured = module:get_option("private_room_passwords", {});
local default_password = module:get_option_string("private_room_default_password", nil);
local max_failures = module:get_option_integer("private_room_max_failures", 5);
local failure_window = module:get_option_period("private_room_failure_window", "1 minute");
local password_ttl = module:get_option_period("private_room_password_ttl", "1 day");

local passwords = module:open_store("private_room_passwords");
local failures = module:open_counter("private_room_failures", failure_window);

local function is_private(room)
	local name = jid.node(room.jid);
	return name ~= nil and name:sub(1, #prefix) == prefix;
end

local function configured_password(room)
	local name = jid.node(room.jid);
	return configured[name] or configured[room.jid] or default_password;
end

-- Whether anyone but server admins is in the room: the first other occupant becomes owner.
local function has_members(room)
	for occupant in room:each_occupant() do
		if not module:is_admin(occupant.bare_jid) then
			return true;
		end
	end
	return false;
end

-- The password a room starts with on this shard: one an owner set (possibly on another shard),
-- else the configured one, and where it came from ("owner" or "config"). nil, nil, "unavailable"
-- when the shared store cannot say.
local function initial_password(room)
	local shared, err = passwords:get(room.jid);
	if err then
		return nil, nil, err;
	end
	if shared then return shared, "owner"; end
	return configured_password(room), "config";
end

-- Shares the password an owner set here: false when the store could not take it.
local function share_password(room, password)
	local ok, err = passwords:set(room.jid, password, password_ttl);
	if not ok then
		module:log("warn", "the password of %s is set here but could not be shared: %s", room.jid, err);
		return false;
	end
	return true;
end

-- An owner's password is shared: one changed on another shard applies here from the next join, so
-- the old one stops opening the room everywhere. A change made here that the store missed (it was
-- away) is shared now instead of being undone. Without the store the room keeps what it has.
local function follow_shared_password(room)
	if room:get_data("private_password_unshared") then
		if share_password(room, room:get_password()) then
			room:set_data("private_password_unshared", nil);
		end
		return;
	end
	local shared, err = passwords:get(room.jid);
	if not err and shared and shared ~= room:get_password() then
		room:set_password(shared);
	end
end

module:hook("muc-occupant-pre-join", function(event)
	local room, occupant, origin, stanza = event.room, event.occupant, event.origin, event.stanza;
	if not is_private(room) then return; end
	room:set_data("access", "private");
	if module:is_admin(occupant.bare_jid) then return; end

	if not room:get_data("private_password_loaded") then
		local password, source, err = initial_password(room);
		if err then
			-- Someone may have set a password on another shard; without the store we cannot know.
			return event:deny("service-unavailable",
				"This private room cannot be opened right now; try again in a moment.");
		end
		if password then
			room:set_password(password);
			room:set_data("private_password_source", source);
		end
		room:set_data("private_password_loaded", true);
	elseif room:get_data("private_password_source") == "owner" then
		follow_shared_password(room);
	elseif room:get_data("private_password_source") == "config" then
		-- The operator changed the configured password (the room-policy file is reloaded without
		-- a restart) and no owner has set one of their own since: the new one applies from now.
		local password = configured_password(room);
		if password and password ~= room:get_password() then
			room:set_password(password);
		end
	end

	local first = not has_members(room);
	if not room:get_password() then
		if first then
			room:set_affiliation(true, occupant.bare_jid, "owner");
			return;
		end
		return event:deny("not-authorized",
			"This private room is not open yet: its owner has not set a password.");
	end

	local key = room.jid .. " " .. (origin and origin.ip or "unknown");
	if failures:get(key) >= max_failures then
		return event:deny("resource-constraint",
			"Too many wrong passwords for this room; wait a minute and try again.");
	end
	local x = stanza:get_child("x", MUC);
	local given = x and x:get_child_text("password");
	if not given then
		return event:deny("not-authorized", "This room needs a password.");
	end
	if not room:check_password(given) then
		local count = failures:increment(key);
		module:log("info", "wrong password for %s from %s (%d of %d)", room.jid,
			origin and origin.ip or "unknown", count, max_failures);
		return event:deny("not-authorized", "Wrong password.");
	end
	if first then
		room:set_affiliation(true, occupant.bare_jid, "owner");
	end
end, "guard");

module:hook("muc-occupant-joined", function(event)
	if is_private(event.room) and not module:is_admin(event.occupant.bare_jid) then
		event.room:set_data("private_live", true);
	end
end);

-- After the built-in password handling has read the owner's form: a private room keeps a password
-- (an owner may change it, not remove it), and a change is shared.
module:hook("muc-config-submitted", function(event)
	local room = event.room;
	if not is_private(room) then return; end
	local new, old = event.config:get_password(), room:get_password();
	if new == old then return; end
	if not new then
		return event:deny("not-allowed",
			"A private room keeps a password: set a new one instead of removing it.");
	end
	room:set_data("private_password_source", "owner");
	if share_password(room, new) then
		room:set_data("private_password_unshared", nil);
	else
		room:set_data("private_password_unshared", true);
	end
	room:set_data("private_password_loaded", true);
end, "fallback");

-- The password goes with the room once it has been in use here; a configured one comes back with
-- the next room. A room that never admitted anyone (its would-be creator gave a wrong password)
-- leaves the shared password alone: the room may be in use on another shard.
module:hook("muc-room-destroyed", function(event)
	local room = event.room;
	if is_private(room) and room:get_data("private_live") then
		passwords:set(room.jid, nil);
	end
end);
