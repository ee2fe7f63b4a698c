package org.huddle.focus;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.huddle.common.testing.ModuleRules.partOf;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import java.util.Set;
import org.huddle.common.testing.ModuleConventions;
import org.huddle.common.testing.ModuleRules;
import org.junit.jupiter.api.Test;

/**
 * The focus's packages depend downwards only: XML helpers and the source model ← the XMPP link ←
 * the bridge registry and selection, and the signalling sessions (Colibri2, Jingle, MUC) ← the
 * per-conference state machine ← the HTTP API ← the role. {@link FocusConfig} sits in the root
 * package but is the bottom layer: every layer reads its settings.
 */
class LayeringTest implements ModuleConventions {
  static final String ROOT = "org.huddle.focus";

  @Override
  public String root() {
    return ROOT;
  }

  @Test
  void packagesDependDownwardsOnly() {
    ModuleRules.layers()
        .layer("config")
        .definedBy(partOf(FocusConfig.class))
        // Optional: the shared signalling module is to take over the focus's XML helpers.
        .optionalLayer("xml")
        .definedBy(ROOT + ".xml..")
        .layer("sources")
        .definedBy(ROOT + ".source..")
        .layer("xmpp")
        .definedBy(ROOT + ".xmpp..")
        .layer("bridges")
        .definedBy(ROOT + ".bridge..", ROOT + ".selection..")
        .layer("signalling")
        .definedBy(ROOT + ".colibri2..", ROOT + ".jingle..", ROOT + ".muc..")
        .layer("conference")
        .definedBy(ROOT + ".conference..")
        .layer("http")
        .definedBy(ROOT + ".http..")
        .layer("role")
        .definedBy(resideInAPackage(ROOT).and(not(partOf(FocusConfig.class))))
        .whereLayer("config")
        .mayNotAccessAnyLayer()
        .whereLayer("xml")
        .mayNotAccessAnyLayer()
        .whereLayer("sources")
        .mayNotAccessAnyLayer()
        .whereLayer("xmpp")
        .mayOnlyAccessLayers("config", "xml")
        .whereLayer("bridges")
        .mayOnlyAccessLayers("config", "xml", "xmpp")
        .whereLayer("signalling")
        .mayOnlyAccessLayers("config", "xml", "sources", "xmpp")
        .whereLayer("conference")
        .mayOnlyAccessLayers("config", "xml", "sources", "xmpp", "bridges", "signalling")
        .whereLayer("http")
        .mayOnlyAccessLayers("config", "conference")
        .whereLayer("role")
        .mayNotBeAccessedByAnyLayer()
        .check(classes());
  }

  static final String CONFERENCE = ROOT + ".conference.Conference";
  static final String PARTICIPANT = ROOT + ".conference.Participant";

  /** What changes a participant; see docs/focus.md#the-conference-state-object. */
  static final Set<String> TRANSITIONS =
      Set.of(
          "presenceChanged",
          "featuresKnown",
          "markOwnerRequested",
          "allocating",
          "offered",
          "accepted",
          "sourcesChanged",
          "defer",
          "takePending",
          "allowRestart",
          "resetMedia",
          "resetMediaAndSources");

  @Test
  void onlyTheConferenceChangesAParticipant() {
    DescribedPredicate<JavaMethodCall> transition =
        DescribedPredicate.describe(
            "a transition of Participant",
            call ->
                call.getTargetOwner().getName().equals(PARTICIPANT)
                    && TRANSITIONS.contains(call.getName()));
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(CONFERENCE)
        .and()
        .doNotHaveFullyQualifiedName(PARTICIPANT)
        .should()
        .callMethodWhere(transition)
        .check(classes());
  }

  @Test
  void theConferencesComponentsHoldNoReferenceToIt() {
    noClasses()
        .that()
        .haveNameMatching(
            ROOT.replace(".", "\\.")
                + "\\.conference\\.(Participant|Moderators|SourceSignaling|JingleRequests|ConferenceEvents?)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(CONFERENCE)
        .check(classes());
  }
}
