-- other_rooms: who may join rooms that neither public_rooms nor private_rooms claims.
--   other_rooms_access = "open"           -- anyone, as Jitsi by default
--   other_rooms_access = "authenticated"  -- only users who logged in with an account or a token
-- Server admins (the focus, the bridge) are always let in.

local access = module:get_option_string("other_rooms_access", "open");
if access ~= "open" and access ~= "authenticated" then
	error("other_rooms_access must be \"open\" or \"authenticated\", not \"" .. access .. "\"");
end

module:hook("muc-occupant-pre-join", function(event)
	if access == "open" then return; end
	local room, occupant, origin = event.room, event.occupant, event.origin;
	if room:get_data("access") then return; end -- a public or private room decides for itself
	if module:is_admin(occupant.bare_jid) then return; end
	if origin and (not origin.anonymous or origin.auth_token) then return; end
	return event:deny("not-allowed", "Only signed-in users may join this room.");
end);
