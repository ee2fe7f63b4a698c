package org.huddle.xmpp.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.huddle.common.testing.ModuleRules.partOf;

import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import org.huddle.common.testing.ModuleConventions;
import org.huddle.common.testing.ModuleRules;
import org.huddle.xmpp.server.api.LuaConfigReader;
import org.huddle.xmpp.server.api.Options;
import org.junit.jupiter.api.Test;

/**
 * Dependencies go one way: codec ← api ← event ← routing ← session ← transport, and features (MUC
 * included) see only routing, events and the api. A feature knows nothing of sockets; the router
 * knows nothing of how sessions negotiate; the api, which extensions such as the Lua plugins use,
 * depends on nothing else of the server.
 */
class LayeringTest implements ModuleConventions {
  static final String ROOT = "org.huddle.xmpp.server";

  @Override
  public String root() {
    return ROOT;
  }

  /**
   * The api is the vocabulary every layer shares: it sees only the codec, {@code common} and the
   * JDK. {@link LuaConfigReader} also runs LuaJ, to read Prosody's config syntax.
   */
  @Test
  void apiDependsOnNothingElseOfTheServer() {
    ArchRuleDefinition.classes()
        .that()
        .resideInAPackage(ROOT + ".api")
        .and(not(partOf(LuaConfigReader.class)))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..", ROOT + ".api", "org.huddle.xmpp.codec..", "org.huddle.common..")
        .check(classes());
    ArchRuleDefinition.classes()
        .that(partOf(LuaConfigReader.class))
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", ROOT + ".api", "org.luaj..")
        .check(classes());
  }

  @Test
  void packagesDependDownwardsOnly() {
    ModuleRules.layers()
        .layer("api")
        .definedBy(ROOT + ".api")
        .layer("event")
        .definedBy(ROOT + ".event..")
        .layer("config")
        .definedBy(ROOT + ".config..")
        .layer("auth")
        .definedBy(ROOT + ".auth..")
        .layer("limits")
        .definedBy(ROOT + ".limits..")
        .layer("tls")
        .definedBy(ROOT + ".tls..")
        .layer("routing")
        .definedBy(ROOT + ".routing..")
        .layer("features")
        .definedBy(ROOT + ".features..", ROOT + ".muc..")
        .layer("session")
        .definedBy(ROOT + ".session..")
        .layer("metrics")
        .definedBy(ROOT + ".metrics..")
        .layer("transport")
        .definedBy(ROOT + ".transport..")
        .layer("server")
        .definedBy(ROOT)
        .whereLayer("api")
        .mayNotAccessAnyLayer()
        .whereLayer("event")
        .mayOnlyAccessLayers("api")
        .whereLayer("config")
        .mayOnlyAccessLayers("api")
        .whereLayer("auth")
        .mayOnlyAccessLayers("api", "config")
        .whereLayer("limits")
        .mayOnlyAccessLayers("api", "config")
        .whereLayer("tls")
        .mayOnlyAccessLayers("api", "config")
        .whereLayer("routing")
        .mayOnlyAccessLayers("api", "event", "config")
        .whereLayer("features")
        .mayOnlyAccessLayers("api", "event", "config", "routing")
        .whereLayer("session")
        .mayOnlyAccessLayers("api", "event", "config", "auth", "limits", "routing")
        .whereLayer("metrics")
        .mayOnlyAccessLayers("api", "config", "limits", "routing", "features", "session")
        .whereLayer("transport")
        .mayOnlyAccessLayers(
            "api", "config", "auth", "limits", "tls", "routing", "session", "metrics")
        .whereLayer("server")
        .mayNotBeAccessedByAnyLayer()
        .check(classes());
  }

  /** Room concerns only hook room events (STYLE 5): they never route or see sessions. */
  @Test
  void roomConcernsOnlyHookRoomEvents() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".muc.concern..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".routing..", ROOT + ".session..", ROOT + ".event..")
        .check(classes());
  }

  /**
   * Jitsi's components watch a MUC service through the api (its {@code Rooms}, rooms and room
   * events), as Lua plugins do, never through the MUC's own classes; and the MUC knows nothing of
   * them.
   */
  @Test
  void componentsSeeTheMucOnlyThroughTheApi() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".features.component..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".muc..")
        .check(classes());
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".muc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".features.component..")
        .check(classes());
  }

  /**
   * Options are read by name once, at load, into the config's typed records; features, sessions and
   * transports take the records (docs/xmpp-server.md, "Options").
   */
  @Test
  void onlyTheConfigReadsOptionsByName() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ROOT + ".config..", ROOT + ".api..")
        .should()
        .callMethodWhere(
            com.tngtech.archunit.base.DescribedPredicate
                .<com.tngtech.archunit.core.domain.JavaMethodCall>describe(
                    "an Options getter",
                    call ->
                        call.getTargetOwner().isEquivalentTo(Options.class)
                            && java.util.Set.of(
                                    "string",
                                    "bool",
                                    "number",
                                    "duration",
                                    "bytes",
                                    "rate",
                                    "list",
                                    "table",
                                    "raw")
                                .contains(call.getName())))
        .check(classes());
  }

  @Test
  void eventsDependOnNothingElseOfTheServer() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".event..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".routing..",
            ROOT + ".session..",
            ROOT + ".transport..",
            ROOT + ".features..",
            ROOT + ".muc..")
        .check(classes());
  }

  @Test
  void routingKnowsNothingOfSessionsTransportsOrFeatures() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".routing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".session..",
            ROOT + ".transport..",
            ROOT + ".features..",
            ROOT + ".muc..",
            ROOT + ".auth..",
            "io.netty..")
        .check(classes());
  }

  @Test
  void featuresKnowNothingOfSocketsOrSessions() {
    noClasses()
        .that()
        .resideInAnyPackage(ROOT + ".features..", ROOT + ".muc..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".session..", ROOT + ".transport..", ROOT + ".tls..", "io.netty..")
        .check(classes());
  }

  @Test
  void sessionsKnowNothingOfTransportsOrFeatures() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".session..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".transport..", ROOT + ".features..", ROOT + ".muc..", "io.netty..")
        .check(classes());
  }

  @Test
  void authenticationKnowsNothingOfSessionsOrRouting() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + ".auth..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            ROOT + ".session..",
            ROOT + ".routing..",
            ROOT + ".transport..",
            ROOT + ".features..",
            ROOT + ".muc..")
        .check(classes());
  }

  /**
   * The in-memory listener is a second way into the same pipeline, not a second pipeline: only the
   * transport layer builds channels of Netty's local transport, and it hands them the very stream
   * connections a TCP port gets.
   */
  @Test
  void onlyTheTransportLayerUsesNettysLocalChannels() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT + ".transport..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.netty.channel.local..")
        .check(classes());
  }
}
