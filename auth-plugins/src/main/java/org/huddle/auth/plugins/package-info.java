/**
 * Room policy plugins in Lua, Jitsi-style token authentication and shared state for the Huddle XMPP
 * server. The public API is {@link org.huddle.auth.plugins.LuaPlugins}, a server extension; its
 * settings are in {@code huddle-plugins.reference.cfg.lua}. The plugin API follows Prosody's module
 * API (prosody.im/doc/developers/moduleapi) and its MUC events; see {@code docs/auth-plugins.md}.
 */
package org.huddle.auth.plugins;
