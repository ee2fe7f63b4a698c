/**
 * The private REST API of jitsi-videobridge (shared/WIRE.md §7): {@code /about/health}, {@code
 * /about/version}, {@code /colibri/stats}, drain and graceful shutdown, and Prometheus metrics in
 * the text exposition format.
 */
package org.huddle.videobridge.rest;
