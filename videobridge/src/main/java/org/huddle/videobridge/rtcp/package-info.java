/**
 * The RTCP an SFU terminates and regenerates: per-stream reception statistics and receiver reports
 * (RFC 3550 §6.4 and Appendix A), sender statistics for sender reports, the retransmission cache
 * that answers NACKs (RFC 4585 §6.2.1, RFC 4588), rate-limited key frame requests (RFC 4585 §6.3.1,
 * RFC 5104 §4.3.1), transport-wide congestion control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) and a bandwidth estimate per receiver.
 */
package org.huddle.videobridge.rtcp;
