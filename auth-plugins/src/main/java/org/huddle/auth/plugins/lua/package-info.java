/**
 * The Lua plugin host: a LuaJ sandbox per plugin version with an instruction and allocation budget,
 * Prosody's module API ({@code module:hook}, {@code module:get_option*}, {@code module:log}; see
 * prosody.im/doc/developers/moduleapi), event objects after Prosody's MUC events
 * (prosody.im/doc/developers/muc), loading from {@code modules_enabled} and reloading on change.
 */
package org.huddle.auth.plugins.lua;
