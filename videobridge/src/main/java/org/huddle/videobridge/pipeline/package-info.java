/**
 * Packet pipelines of small nodes, in the manner of jitsi-media-transform: each node has one job
 * (decrypt, parse, observe, rewrite, encrypt), a pipeline is a list of nodes read top to bottom
 * with a demux into named paths, and counting and timing happen once, in {@link
 * org.huddle.videobridge.pipeline.Node}. Wire formats come from {@code rtp}; sessions are not known
 * here beyond the interfaces the nodes are given.
 */
package org.huddle.videobridge.pipeline;
