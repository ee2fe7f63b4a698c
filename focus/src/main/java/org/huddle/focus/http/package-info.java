/**
 * The focus's HTTP API (Jicofo's, docs/wire.md#http): {@code GET /about/health}, {@code POST
 * /conference-request/v1}, {@code GET /metrics} (Prometheus text) and {@code GET /stats} (JSON).
 */
package org.huddle.focus.http;
