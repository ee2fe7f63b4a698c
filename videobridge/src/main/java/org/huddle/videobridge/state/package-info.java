/**
 * The bridge's own state as the focus and operators see it: health, drain, graceful shutdown, and
 * the flat statistics of jitsi-videobridge's {@code doc/statistics.md} (docs/wire.md#brewery and
 * #http), including the stress level from packet rate and CPU load.
 */
package org.huddle.videobridge.state;
