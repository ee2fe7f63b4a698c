package org.huddle.videobridge;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.huddle.common.testing.ModuleRules.partOf;

import org.huddle.common.testing.ModuleConventions;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The bridge's packages depend downwards only, as jitsi-videobridge's do: on the RTP module's codec
 * ({@code org.huddle.rtp}), the packet buffer and RTCP state ← SRTP ← DTLS, and ICE beside them ←
 * the pipeline ← endpoints ← the conference, which only routes ← the bridge's state ← the APIs
 * (Colibri2, the bridge channel, REST, XMPP) ← the role, which wires them. {@link
 * VideobridgeConfig} sits in the root package but is the bottom layer: every layer reads its
 * settings.
 */
class LayeringTest implements ModuleConventions {
  static final String ROOT = "org.huddle.videobridge";

  @Override
  public String root() {
    return ROOT;
  }

  @Test
  void packagesDependDownwardsOnly() {
    ModuleRules.layers()
        .layer("config")
        .definedBy(partOf(VideobridgeConfig.class))
        .layer("packets")
        .definedBy(ROOT + ".packet..", ROOT + ".rtcp..")
        .layer("srtp")
        .definedBy(ROOT + ".srtp..")
        .layer("dtls")
        .definedBy(ROOT + ".dtls..")
        .layer("ice")
        .definedBy(ROOT + ".ice..")
        .layer("pipeline")
        .definedBy(ROOT + ".pipeline..")
        .layer("endpoint")
        .definedBy(ROOT + ".endpoint..")
        .layer("conference")
        .definedBy(ROOT + ".conference..")
        .layer("state")
        .definedBy(ROOT + ".state..")
        .layer("apis")
        .definedBy(ROOT + ".colibri2..", ROOT + ".channel..", ROOT + ".rest..", ROOT + ".xmpp..")
        .layer("role")
        .definedBy(resideInAPackage(ROOT).and(not(partOf(VideobridgeConfig.class))))
        .whereLayer("config")
        .mayNotAccessAnyLayer()
        .whereLayer("packets")
        .mayNotAccessAnyLayer()
        .whereLayer("srtp")
        .mayOnlyAccessLayers("packets")
        .whereLayer("dtls")
        .mayOnlyAccessLayers("packets", "srtp")
        .whereLayer("ice")
        .mayOnlyAccessLayers("config")
        .whereLayer("pipeline")
        .mayOnlyAccessLayers("config", "packets", "srtp")
        .whereLayer("endpoint")
        .mayOnlyAccessLayers("config", "packets", "srtp", "dtls", "ice", "pipeline")
        .whereLayer("conference")
        .mayOnlyAccessLayers("config", "packets", "srtp", "dtls", "ice", "pipeline", "endpoint")
        .whereLayer("state")
        .mayOnlyAccessLayers("config", "packets", "pipeline", "endpoint", "conference")
        .whereLayer("apis")
        .mayOnlyBeAccessedByLayers("role")
        .whereLayer("role")
        .mayNotBeAccessedByAnyLayer()
        .check(classes());
  }
}
