-- token_verification: what a JWT allows in rooms, as Jitsi's module of the same name. Enable it
-- on the MUC component, with authentication = "token" on the VirtualHost users log into.
--
-- A token's "room" claim names the one room its holder may enter ("*": any), compared with the
-- room's name without case. The token is checked again at each join (signature, exp, nbf, issuer,
-- audience) by the Java verifier of the host the user logged into, so a token that has expired
-- since login opens nothing more. A "moderator" claim (top level, or context.user.moderator)
-- makes its holder an owner of the room. Users without a token (guests from an anonymous host,
-- or allow_empty_token) are left to the other plugins, as in Jitsi. Public rooms and server
-- admins are exempt, and so are the domains and JIDs in token_verification_allowlist.

local jid = require "util.jid";
local jwt = require "huddle.jwt";

local allowlist = module:get_option_set("token_verification_allowlist", {});

local function truthy(value)
	return value == true or value == "true";
end

local function is_moderator(claims)
	if truthy(claims.moderator) then return true; end
	local context = claims.context;
	return type(context) == "table" and type(context.user) == "table"
		and truthy(context.user.moderator);
end

local function allowed_room(claim, room_jid)
	if claim == nil or claim == "*" then return true; end
	local name = jid.node(room_jid);
	return type(claim) == "string" and name ~= nil and claim:lower() == name:lower();
end

module:hook("muc-occupant-pre-join", function(event)
	local room, occupant, origin = event.room, event.occupant, event.origin;
	if room:get_data("access") == "public" then return; end
	if module:is_admin(occupant.bare_jid) then return; end
	local _, domain = jid.split(occupant.bare_jid);
	if allowlist:contains(domain) or allowlist:contains(occupant.bare_jid) then return; end
	if not origin or not origin.auth_token then return; end

	local claims, err = jwt.verify(origin.auth_token, origin.host);
	if not claims then
		module:log("info", "token of %s refused for %s: %s", occupant.bare_jid, room.jid, err);
		return event:deny("not-allowed", "Your token is no longer valid: " .. err);
	end
	if not allowed_room(claims.room, room.jid) then
		module:log("info", "token of %s does not grant %s", occupant.bare_jid, room.jid);
		return event:deny("not-allowed", "Your token does not grant access to this room.");
	end
	if is_moderator(claims) then
		room:set_affiliation(true, occupant.bare_jid, "owner");
	end
end);
