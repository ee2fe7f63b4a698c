/**
 * Huddle's one LuaJ sandbox, for every host of untrusted Lua: the room plugins (auth-plugins) and
 * the focus's bridge-selection strategy. See {@link org.huddle.lua.Sandbox}.
 */
package org.huddle.lua;
