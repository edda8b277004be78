package dev.defl.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.defl.engine.content.Cid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilProcessTest {
    @TempDir
    Path dir;

    /** A stand-in CID: CIDv1, raw codec, sha2-256 of the single byte {@code tag}. */
    private static Cid cid(int tag) {
        return Cid.of(1, Cid.RAW, new byte[] {(byte) tag});
    }

    @Test
    void chainStatePersistsAcrossSigtermRestart() {
        Path state = dir.resolve("state.json");
        String address;
        try (AnvilProcess anvil = AnvilProcess.start(state, 0); ChainConnection chain = ChainConnection.connect(anvil.rpcUrl())) {
            TaskContract contract = TaskContract.deploy(chain, DevAccounts.account(0));
            long task = contract.createTask(DevAccounts.account(0), TaskParams.of(cid(0), cid(0), 2, 1, 1, 1, 100, 100)).taskId();
            contract.addParticipants(DevAccounts.account(0), task, List.of(DevAccounts.account(1).getAddress()), Set.of(Role.CLIENT));
            contract.addParticipants(DevAccounts.account(0), task, List.of(DevAccounts.account(2).getAddress()), Set.of(Role.AGGREGATOR));
            contract.submitUpdate(DevAccounts.account(1), task, 1, cid(1), 42);
            contract.propose(DevAccounts.account(2), task, 1, cid(9));
            assertThat(contract.task(task).currentRound()).isEqualTo(2);
            address = contract.address();
        }
        assertThat(state).isRegularFile();
        assertThat(dir.resolve("state.json.log")).exists();

        try (AnvilProcess anvil = AnvilProcess.start(state, 0); ChainConnection chain = ChainConnection.connect(anvil.rpcUrl())) {
            TaskContract contract = TaskContract.at(chain, address);
            assertThat(contract.task(1).currentRound()).isEqualTo(2);
            assertThat(contract.globalModel(1, 1)).contains(cid(9));
            assertThat(contract.updates(1, 1)).singleElement().satisfies(u -> {
                assertThat(u.client()).isEqualTo(DevAccounts.account(1).getAddress());
                assertThat(u.numSamples()).isEqualTo(42);
            });
            // the chain continues: round 2 accepts updates (the only one closes its submissions)
            assertThat(contract.submitUpdate(DevAccounts.account(1), 1, 2, cid(2), 7).events()).hasSize(2);
        }
    }

    /** A JVM that starts anvil on the state file in {@code args[0]}, prints {@code anvil <pid>} and waits forever. */
    public static final class Owner {
        public static void main(String[] args) throws Exception {
            AnvilProcess anvil = AnvilProcess.start(Path.of(args[0]), 0);
            System.out.println("anvil " + anvil.pid());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Issue 12 F1: {@code kill -9} of the JVM runs no shutdown hook; the supervisor still stops anvil. */
    @Test
    void anvilDiesWithItsOwnerEvenOnSigkill() throws Exception {
        Path state = dir.resolve("owned/state.json");
        Process owner = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), Owner.class.getName(), state.toString())
                .redirectErrorStream(true).start();
        try {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(owner.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            long pid = -1;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("anvil ")) {
                    pid = Long.parseLong(line.substring(6).trim());
                    break;
                }
            }
            assertThat(pid).as("the owner printed anvil's pid").isPositive();
            ProcessHandle anvil = ProcessHandle.of(pid).orElseThrow();
            assertThat(Files.readString(dir.resolve("owned/state.json.pid")).trim()).isEqualTo(pid + " " + owner.pid());
            owner.destroyForcibly(); // SIGKILL
            owner.waitFor();
            assertThat(anvil.onExit()).succeedsWithin(java.time.Duration.ofSeconds(15));
        } finally {
            owner.destroyForcibly();
        }
    }

    /** An anvil left running on the state file by a dead owner (started before the supervisor existed) is stopped. */
    @Test
    void anOrphanedAnvilOnTheSameStateIsStoppedBeforeANewOneStarts() throws Exception {
        Path state = dir.resolve("orphan/state.json");
        Files.createDirectories(state.getParent());
        Path binary = AnvilProcess.locateBinary();
        // sh starts anvil in the background and exits: anvil is re-parented, as when its owner was SIGKILLed
        Process shell = new ProcessBuilder("/bin/sh", "-c", "\"$0\" --port 0 --state \"$1\" --state-interval 1 --quiet "
                + "</dev/null >/dev/null 2>&1 & echo $!", binary.toString(), state.toString()).start();
        long orphanPid = Long.parseLong(new String(shell.getInputStream().readAllBytes()).trim());
        shell.waitFor();
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L; // until the forked shell has exec'd anvil
            while (!AnvilProcess.runsAnvilOn(orphan, state.toAbsolutePath().normalize()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(AnvilProcess.runsAnvilOn(orphan, state.toAbsolutePath().normalize())).isTrue();
            try (AnvilProcess anvil = AnvilProcess.start(state, 0)) {
                assertThat(orphan.isAlive()).as("the orphan was stopped").isFalse();
                assertThat(anvil.isAlive()).isTrue();
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    /** A second anvil on a state file a live process's anvil writes is refused, naming both pids. */
    @Test
    void aStateFileInUseByALiveOwnerIsRefused() {
        Path state = dir.resolve("live/state.json");
        try (AnvilProcess first = AnvilProcess.start(state, 0)) {
            assertThatThrownBy(() -> AnvilProcess.start(state, 0))
                    .isInstanceOf(AnvilUnavailableException.class)
                    .hasMessageContaining("chain state " + state.toAbsolutePath() + " is in use by anvil (pid " + first.pid()
                            + ") of process " + ProcessHandle.current().pid());
            assertThat(first.isAlive()).isTrue();
        }
    }

    @Test
    void corruptStateFileIsReportedWithAnvilsOwnError() throws Exception {
        Path state = dir.resolve("broken.json");
        Files.writeString(state, "{not json");

        assertThatThrownBy(() -> AnvilProcess.start(state, 0))
                .isInstanceOf(AnvilUnavailableException.class)
                .hasMessageContaining("anvil exited with status")
                .hasMessageContaining("broken.json.log")
                .hasMessageContaining("failed to parse json file");
    }

    @Test
    void locateBinaryNamesTheSystemPropertyThatPointsToAMissingFile() {
        Properties properties = new Properties();
        Path missing = dir.resolve("no-such-anvil");
        properties.setProperty(AnvilProcess.BINARY_PROPERTY, missing.toString());

        assertThatThrownBy(() -> AnvilProcess.locateBinary(properties, Map.of(), dir))
                .isInstanceOf(AnvilUnavailableException.class)
                .hasMessageContaining("system property defl.anvil points to " + missing)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("npm ci");
    }

    @Test
    void locateBinaryListsEveryPlaceItLookedWhenNothingIsFound() {
        Path root = dir.resolve("root");
        Path emptyPathDir = dir.resolve("bin");
        assertThatThrownBy(() -> AnvilProcess.locateBinary(propertiesWithRoot(root),
                        Map.of("PATH", emptyPathDir.toString()), dir))
                .isInstanceOf(AnvilUnavailableException.class)
                .hasMessageStartingWith("anvil binary not found; looked at: system property defl.anvil (not set), "
                        + "environment variable DEFL_ANVIL (not set)")
                .hasMessageContaining(root.resolve(AnvilProcess.NPM_BINARY).toString())
                .hasMessageContaining(dir.resolve(AnvilProcess.NPM_BINARY).toString())
                .hasMessageContaining(emptyPathDir.resolve("anvil").toString())
                .hasMessageContaining("npm ci");
    }

    @Test
    void locateBinaryFindsTheNpmToolchainUnderTheRepositoryRoot() {
        String root = System.getProperty("defl.root");
        Path found = AnvilProcess.locateBinary(propertiesWithRoot(Path.of(root)), Map.of(), dir);
        assertThat(found).isEqualTo(Path.of(root).toAbsolutePath().resolve(AnvilProcess.NPM_BINARY));
        assertThat(Files.isExecutable(found)).isTrue();
    }

    @Test
    void locateBinaryWalksUpFromTheAppsJarsToTheSourceTreesToolchain() throws Exception {
        Path repo = dir.resolve("repo");
        Path jars = Files.createDirectories(repo.resolve("app/target/lib"));
        Path anvil = executable(repo.resolve(AnvilProcess.NPM_BINARY));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        assertThat(AnvilProcess.locateBinary(new Properties(), Map.of(), elsewhere, jars)).isEqualTo(anvil);
    }

    @Test
    void locateBinaryFindsTheAnvilTheInstalledPackageShipsBesideItsJars() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("opt/defl-workbench/lib/app"));
        Path anvil = executable(jars.resolve("anvil"));

        assertThat(AnvilProcess.locateBinary(new Properties(), Map.of(), dir.resolve("opt"), jars)).isEqualTo(anvil);
    }

    @Test
    void locateBinaryListsThePlacesBesideTheAppWhenNothingIsFound() throws Exception {
        Path jars = Files.createDirectories(dir.resolve("app/lib"));
        assertThatThrownBy(() -> AnvilProcess.locateBinary(new Properties(), Map.of(), dir, jars))
                .isInstanceOf(AnvilUnavailableException.class)
                .hasMessageContaining(jars.resolve("anvil").toString())
                .hasMessageContaining(jars.resolve(AnvilProcess.NPM_BINARY).toString())
                .hasMessageContaining(dir.resolve("app").resolve(AnvilProcess.NPM_BINARY).toString());
    }

    @Test
    void theCodeDirectoryOfTheRunningEngineIsItsClassDirectoryOrJarDirectory() {
        Path code = AnvilProcess.codeDirectory();
        assertThat(code).isNotNull();
        assertThat(Files.isDirectory(code)).isTrue();
    }

    private static Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static Properties propertiesWithRoot(Path root) {
        Properties properties = new Properties();
        properties.setProperty("defl.root", root.toString());
        return properties;
    }
}
