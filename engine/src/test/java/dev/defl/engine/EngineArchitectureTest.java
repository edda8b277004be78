package dev.defl.engine;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The engine's layering. What each package uses today (measured with {@code jdeps -verbose:package}, 2026-12-07):
 *
 * <pre>
 *   service   -> network, workspace, ledger, learning, content
 *   runs      -> protocol, network, learning, content
 *   protocol  -> network, round, workspace, ledger, learning, content
 *   metrics   -> network, ledger, content
 *   network   -> round, ledger, learning, content, io
 *   round     -> ledger, learning, content, envelope (a private task's updates are opened there)
 *   health    -> content (content.net)
 *   workspace -> ledger, learning, content, io
 *   ledger    -> content, io, process
 *   learning  -> content
 *   content   -> process (content.kubo starts js-ipfs under a Lifeline)
 *   keys      -> envelope, ledger, content, io
 *   io, process, envelope -> no engine package
 * </pre>
 *
 * The rules: {@code content} is at the bottom, using only {@code process} and {@code io} (atomic writes) below it;
 * {@code ledger} and {@code learning} sit on it side by side and never import each other; the round's roles
 * ({@code round}, {@code protocol}, {@code network}, {@code workspace} and the {@code service} layer) sit above all
 * three; {@code round} (the shared aggregation and model fetch) uses only those three and {@code envelope}; nothing in the engine depends
 * on the {@code service} layer, the front ends' door; no cycles between the engine's packages; no JavaFX anywhere in
 * the engine. The run database ({@code runs}) records what the roles do and sits above {@code protocol}: only the
 * {@code service} layer may use it. The encryption envelope ({@code envelope}) is pure cryptography over the JDK, Bouncy
 * Castle and web3j's crypto classes: it uses no other engine package. Content shared with chosen accounts ({@code keys}: known public keys, sealing and
 * opening stored content with the keystore) uses only {@code envelope}, {@code content}, {@code ledger} and {@code io}.
 */
class EngineArchitectureTest {

    static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.defl.engine");

    /** The packages of the round's roles, above content, ledger and learning. */
    private static final String[] ROUND_ROLES = {
            "dev.defl.engine.round..", "dev.defl.engine.protocol..", "dev.defl.engine.network..",
            "dev.defl.engine.workspace..", "dev.defl.engine.service.."};

    /** A class of the engine outside {@code allowed}. */
    private static DescribedPredicate<JavaClass> enginePackageOtherThan(String... allowed) {
        return resideInAPackage("dev.defl.engine..").and(not(resideInAnyPackage(allowed)))
                .as("reside in the engine outside " + String.join(", ", allowed));
    }

    @Test
    void contentIsAtTheBottom() {
        noClasses().that().resideInAPackage("dev.defl.engine.content..")
                .should().dependOnClassesThat(enginePackageOtherThan(
                        "dev.defl.engine.content..", "dev.defl.engine.io..", "dev.defl.engine.process.."))
                .check(ENGINE);
    }

    @Test
    void ioAndProcessDependOnNoOtherEnginePackage() {
        noClasses().that().resideInAPackage("dev.defl.engine.io..")
                .should().dependOnClassesThat(enginePackageOtherThan("dev.defl.engine.io.."))
                .check(ENGINE);
        noClasses().that().resideInAPackage("dev.defl.engine.process..")
                .should().dependOnClassesThat(enginePackageOtherThan("dev.defl.engine.process.."))
                .check(ENGINE);
    }

    @Test
    void envelopeUsesNoOtherEnginePackage() {
        noClasses().that().resideInAPackage("dev.defl.engine.envelope..")
                .should().dependOnClassesThat(enginePackageOtherThan("dev.defl.engine.envelope.."))
                .check(ENGINE);
    }

    @Test
    void keysUseOnlyEnvelopeContentLedgerAndIo() {
        noClasses().that().resideInAPackage("dev.defl.engine.keys..")
                .should().dependOnClassesThat(enginePackageOtherThan("dev.defl.engine.keys..", "dev.defl.engine.envelope..",
                        "dev.defl.engine.content..", "dev.defl.engine.ledger..", "dev.defl.engine.io.."))
                .check(ENGINE);
    }

    @Test
    void ledgerAndLearningNeverImportEachOther() {
        noClasses().that().resideInAPackage("dev.defl.engine.ledger..")
                .should().dependOnClassesThat().resideInAPackage("dev.defl.engine.learning..")
                .check(ENGINE);
        noClasses().that().resideInAPackage("dev.defl.engine.learning..")
                .should().dependOnClassesThat().resideInAPackage("dev.defl.engine.ledger..")
                .check(ENGINE);
    }

    @Test
    void roundRolesSitAboveContentLedgerAndLearning() {
        noClasses().that().resideInAnyPackage("dev.defl.engine.content..", "dev.defl.engine.ledger..", "dev.defl.engine.learning..")
                .should().dependOnClassesThat().resideInAnyPackage(ROUND_ROLES)
                .check(ENGINE);
    }

    @Test
    void enginePackagesAreFreeOfCycles() {
        slices().matching("dev.defl.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void roundUsesOnlyContentLedgerLearningAndTheEnvelope() {
        noClasses().that().resideInAPackage("dev.defl.engine.round..")
                .should().dependOnClassesThat(enginePackageOtherThan("dev.defl.engine.round..",
                        "dev.defl.engine.content..", "dev.defl.engine.ledger..", "dev.defl.engine.learning..",
                        "dev.defl.engine.envelope.."))
                .check(ENGINE);
    }

    @Test
    void onlyTheServiceLayerUsesTheRunDatabase() {
        noClasses().that().resideInAPackage("dev.defl.engine..")
                .and().resideOutsideOfPackages("dev.defl.engine.runs..", "dev.defl.engine.service..")
                .should().dependOnClassesThat().resideInAPackage("dev.defl.engine.runs..")
                .check(ENGINE);
    }

    @Test
    void nothingInTheEngineDependsOnTheServiceLayer() {
        noClasses().that().resideInAPackage("dev.defl.engine..").and().resideOutsideOfPackage("dev.defl.engine.service..")
                .should().dependOnClassesThat().resideInAPackage("dev.defl.engine.service..")
                .check(ENGINE);
    }

    @Test
    void engineNeverUsesJavaFx() {
        noClasses().that().resideInAPackage("dev.defl.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .check(ENGINE);
    }
}
