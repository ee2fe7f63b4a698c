-- wait_for_host: where users sign in (ENABLE_AUTH=1), only they open meetings, and guests wait for
-- them, as in Jitsi ("waiting for the host"). Jicofo holds this rule in Jitsi; Huddle's focus holds
-- it too, and this plugin holds it in the MUC, so a client that skips the focus opens nothing.
--
--   * A room that is not public is created only by a server admin (the focus, which creates rooms
--     for signed-in users) or a signed-in user: an account, or a token.
--   * Guests (anonymous sessions without a token) enter it once a signed-in user has joined it, and
--     until it ends. Before that they are refused with not-allowed, the error Prosody's
--     restrict_room_creation gives and Jitsi clients expect.
--   * With allow_guests = false (ENABLE_GUESTS=0) guests enter no such room at all.
--   * Public rooms (public_rooms) stay open to everyone.
--
-- Enable it on the MUC component before private_rooms, so that a guest is turned away before that
-- plugin would make the first occupant of a private room its owner:
--   Component "muc.meet.jitsi" "muc"
--       modules_enabled = { "wait_for_host", "public_rooms", "private_rooms", "other_rooms" }

local jid = require "util.jid";

local public_rooms = module:get_option_set("public_rooms", { "daily-standup", "team-meeting", "weekly-review" });
local allow_guests = module:get_option_boolean("allow_guests", false);

local WAITING = "Waiting for the host: this meeting opens when a signed-in user joins it.";
local SIGNED_IN_ONLY = "Only signed-in users may join this meeting.";

local function is_public(room)
	local name = jid.node(room.jid);
	return name ~= nil and public_rooms:contains(name);
end

local function signed_in(origin)
	return origin ~= nil and (not origin.anonymous or origin.auth_token ~= nil);
end

module:hook("muc-room-pre-create", function(event)
	local room, origin = event.room, event.origin;
	if is_public(room) or signed_in(origin) then return; end
	if origin and module:is_admin(origin.full_jid) then return; end
	return event:deny("not-allowed", allow_guests and WAITING or SIGNED_IN_ONLY);
end, "guard");

module:hook("muc-occupant-pre-join", function(event)
	local room, occupant, origin = event.room, event.occupant, event.origin;
	if is_public(room) or signed_in(origin) or module:is_admin(occupant.bare_jid) then return; end
	if not allow_guests then
		return event:deny("not-allowed", SIGNED_IN_ONLY);
	end
	if not room:get_data("host_joined") then
		return event:deny("not-allowed", WAITING);
	end
end, "guard");

-- The room stays open to guests once a host has been in, until its last occupant leaves and it
-- ends, as a Jitsi conference does.
module:hook("muc-occupant-joined", function(event)
	if signed_in(event.origin) and not module:is_admin(event.occupant.bare_jid) then
		event.room:set_data("host_joined", true);
	end
end);
