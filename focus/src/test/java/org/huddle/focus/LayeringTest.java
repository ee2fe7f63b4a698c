package org.huddle.focus;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.huddle.common.testing.ModuleRules.partOf;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
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
  static final String STATE = ROOT + ".conference.ConferenceState";
  static final String PARTICIPANT = ROOT + ".conference.Participant";

  /** The conference's handlers: each one job, on the conference's queue. */
  static final List<String> HANDLERS =
      Stream.of(
              "Membership",
              "BridgePlacement",
              "ParticipantSessions",
              "SourcePropagation",
              "Moderation")
          .map(name -> ROOT + ".conference." + name)
          .toList();

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

  static DescribedPredicate<JavaClass> named(Collection<String> names) {
    return DescribedPredicate.describe(
        "one of " + names,
        c -> names.contains(c.getName()) || names.contains(c.getName().replaceFirst("\\$.*", "")));
  }

  @Test
  void onlyTheStateAndItsHandlersChangeAParticipant() {
    DescribedPredicate<JavaMethodCall> transition =
        DescribedPredicate.describe(
            "a transition of Participant",
            call ->
                call.getTargetOwner().getName().equals(PARTICIPANT)
                    && TRANSITIONS.contains(call.getName()));
    List<String> allowed = new ArrayList<>(HANDLERS);
    allowed.addAll(List.of(STATE, PARTICIPANT));
    noClasses().that(not(named(allowed))).should().callMethodWhere(transition).check(classes());
  }

  @Test
  void onlyTheStateAddsAParticipant() {
    noClasses()
        .that(not(named(List.of(STATE, PARTICIPANT))))
        .should()
        .callConstructorWhere(
            DescribedPredicate.describe(
                "a new Participant", call -> call.getTargetOwner().getName().equals(PARTICIPANT)))
        .check(classes());
  }

  @Test
  void theConferencesComponentsHoldNoReferenceToIt() {
    noClasses()
        .that()
        .haveNameMatching(
            ROOT.replace(".", "\\.")
                + "\\.conference\\.(Participant|Moderators|SourceSignaling|JingleRequests"
                + "|ConferenceEvents?|ConferenceState|Effects|Step"
                + "|Membership|BridgePlacement|ParticipantSessions"
                + "|SourcePropagation|Moderation)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(CONFERENCE)
        .check(classes());
  }

  @Test
  void aHandlerKnowsNoOtherHandler() {
    for (String handler : HANDLERS) {
      List<String> others = HANDLERS.stream().filter(h -> !h.equals(handler)).toList();
      noClasses()
          .that(named(List.of(handler)))
          .should()
          .dependOnClassesThat(named(others))
          .because("a handler hands another's work back as a Step, which the Conference runs")
          .check(classes());
    }
  }

  @Test
  void onlyTheConferenceRunsTheHandlers() {
    List<String> allowed = new ArrayList<>(HANDLERS);
    allowed.add(CONFERENCE);
    noClasses()
        .that(not(named(allowed)))
        .should()
        .dependOnClassesThat(named(HANDLERS))
        .check(classes());
  }

  @Test
  void aHandlerSendsThroughItsEffectsOrASignallingSessionOnly() {
    noClasses()
        .that(named(HANDLERS))
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "a method of the XMPP link",
                call -> call.getTargetOwner().getName().equals(ROOT + ".xmpp.StanzaLink")))
        .check(classes());
  }

  @Test
  void theStateSendsNothingAndKnowsNoHandler() {
    noClasses()
        .that(named(List.of(STATE)))
        .should()
        .dependOnClassesThat(named(HANDLERS))
        .orShould()
        .dependOnClassesThat()
        .haveSimpleName("Effects")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleName("StanzaLink")
        .check(classes());
  }

  /** STYLE.md: the conference only routes, and no class of it grows back into a god class. */
  @Test
  void theConferencesClassesStayUnder400Lines() throws IOException {
    Path dir = Path.of("src/main/java/org/huddle/focus/conference");
    try (Stream<Path> files = Files.list(dir)) {
      Map<String, Long> lines = new TreeMap<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        try (Stream<String> l = Files.lines(f)) {
          lines.put(f.getFileName().toString(), l.count());
        }
      }
      assertThat(lines).containsKey("Conference.java");
      assertThat(lines).allSatisfy((file, count) -> assertThat(count).as(file).isLessThan(400));
    }
  }
}
