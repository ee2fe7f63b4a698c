-- public_rooms: fixed rooms anyone may join, with no account and no password, even where other
-- rooms need a token or a login. Enable it on the MUC component:
--   Component "muc.meet.jitsi" "muc"
--       modules_enabled = { "public_rooms" }
--       public_rooms = { "daily-standup", "team-meeting", "weekly-review" }

local jid = require "util.jid";

local rooms = module:get_option_set("public_rooms", { "daily-standup", "team-meeting", "weekly-review" });

local function is_public(room)
	local name = jid.node(room.jid);
	return name ~= nil and rooms:contains(name);
end

-- A new room may start locked until its owner configures it (Prosody's muc_room_locking);
-- a public room opens at once. This runs after the lock is put on.
module:hook("muc-room-created", function(event)
	if is_public(event.room) then
		event.room:set_locked(false);
	end
end, "fallback");

-- Runs before the other policies: the mark tells them (token room claims, the other-rooms rule)
-- that this room is open to everyone.
module:hook("muc-occupant-pre-join", function(event)
	if is_public(event.room) then
		event.room:set_data("access", "public");
	elseif event.room:get_data("access") == "public" then
		-- No longer in the list (the room-policy file changed): the other policies decide again.
		event.room:set_data("access", nil);
	end
end, "guard");

-- Nobody can close a public room: no password, no members-only. This runs after the built-in
-- handlers have read the owner's form into event.config.
module:hook("muc-config-submitted", function(event)
	if not is_public(event.room) then return; end
	if event.config:get_password() then
		return event:deny("not-acceptable", "A public room cannot have a password.");
	end
	if event.config:get_members_only() then
		return event:deny("not-acceptable", "A public room cannot be members-only.");
	end
end, "fallback");

module:log("info", "public rooms: %s", table.concat((function()
	local names = {};
	for name in rooms:items() do names[#names + 1] = name; end
	return names;
end)(), ", "));
