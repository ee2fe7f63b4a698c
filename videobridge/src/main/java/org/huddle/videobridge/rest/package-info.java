/**
 * The private REST API of jitsi-videobridge (docs/wire.md#http): {@code /about/health}, {@code
 * /about/version}, {@code /colibri/stats}, drain and graceful shutdown, and Prometheus metrics in
 * the text exposition format.
 */
package org.huddle.videobridge.rest;
