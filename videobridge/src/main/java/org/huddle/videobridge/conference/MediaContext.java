package org.huddle.videobridge.conference;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import org.huddle.videobridge.VideobridgeConfig;
import org.huddle.videobridge.dtls.DtlsCertificate;
import org.huddle.videobridge.ice.Harvesters;
import org.huddle.videobridge.pipeline.PipelineStats;

/**
 * What every conference and endpoint of one bridge shares.
 *
 * @param config the bridge's settings
 * @param harvesters the shared ICE sockets
 * @param certificate the bridge's DTLS certificate
 * @param workers runs the endpoints' serial queues
 * @param scheduler runs periodic work (reports, feedback, speakers, allocation, expiry)
 * @param stats the pipelines' counters
 */
public record MediaContext(
    VideobridgeConfig config,
    Harvesters harvesters,
    DtlsCertificate certificate,
    ExecutorService workers,
    ScheduledExecutorService scheduler,
    PipelineStats stats) {}
