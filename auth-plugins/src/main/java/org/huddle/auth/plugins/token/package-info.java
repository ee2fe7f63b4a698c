/**
 * Token authentication as Jitsi's Prosody {@code mod_auth_token}: JSON Web Tokens (RFC 7519) signed
 * with JWS (RFC 7515) HS256 or RS256 (RFC 7518 §3.2, §3.3), with Jitsi's claims ({@code iss},
 * {@code aud}, {@code sub}, {@code room}, {@code context.user}, {@code moderator}) and ASAP key
 * servers ({@code <server>/<sha256(kid)>.pem}).
 */
package org.huddle.auth.plugins.token;
