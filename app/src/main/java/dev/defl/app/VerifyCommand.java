package dev.defl.app;

import dev.defl.engine.ledger.DeploymentRecord;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.network.NetworkContent;
import dev.defl.engine.protocol.RoundVerdict;
import dev.defl.engine.protocol.RoundVerifier;
import dev.defl.engine.protocol.TaskVerification;
import dev.defl.engine.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code defl verify --task T}: the auditor. Recomputes every finalized round of the task from the chain and the
 * data directory's content store alone, or with {@code --ipfs} also from IPFS endpoints ({@link RoundVerifier}), reads
 * each finalized global model back, and prints one line per round on stdout: {@code round 1 OK bafy…}, or
 * {@code round 2 STATUS finalized bafy… recomputed bafy…|(none): reason} where STATUS is {@code MISMATCH} (the
 * finalized model is not the honest aggregate: the aggregators are at fault), {@code CORRUPT} (a block the audit
 * needed does not hash to its CID) or {@code UNAVAILABLE} (content the audit needed is missing or unreadable); notes
 * (assumed strategy parameters, rounds that did not finalize) go to stderr.
 *
 * <p>A private task (updates sealed for the aggregator committee) is recomputed the same way with a committee member's
 * key ({@link CommitteeKeyOption}: {@code --account} or {@code --keystore}); without one each round is
 * {@code ENCRYPTED} (not recomputed; its envelopes are present and sealed for the committee and its finalized model
 * reads back with the task's shapes) or {@code BAD_ENVELOPE} (an update that is plaintext, unparseable or sealed for
 * other recipients, naming its client and CID).
 *
 * <p>Exit code: 0 when every finalized round is OK or ENCRYPTED; 1 when some round is a MISMATCH, or on an error (an
 * unknown task id, no contract code at the address, a key not on the committee: one line on stderr);
 * {@value #EXIT_INCOMPLETE} when no round is a MISMATCH but some are CORRUPT, UNAVAILABLE or BAD_ENVELOPE (the audit
 * could not be completed).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Recompute every finalized round of a task from the chain and the content store alone, read each",
                "finalized global model back, and print per round OK, MISMATCH (the finalized model is not the honest",
                "aggregate), CORRUPT (a needed block does not hash to its CID) or UNAVAILABLE (needed content is missing).",
                "A private task is recomputed with a committee member's key (--account or --keystore); without one each",
                "round is ENCRYPTED (not recomputed: envelopes present and sealed for the committee, finalized model",
                "readable) or BAD_ENVELOPE (an update that is not an envelope sealed for the committee).",
                "Exit code 0 when all rounds are OK or ENCRYPTED, 1 on a MISMATCH or an error, " + VerifyCommand.EXIT_INCOMPLETE
                        + " when some rounds are only CORRUPT, UNAVAILABLE or BAD_ENVELOPE."})
final class VerifyCommand implements Callable<Integer> {

    /**
     * Exit code when no round is a MISMATCH but some could not be judged (CORRUPT or UNAVAILABLE content, or a private
     * task's BAD_ENVELOPE update seen without a committee key).
     */
    static final int EXIT_INCOMPLETE = 3;

    @ParentCommand
    DeflCommand parent;

    @Option(names = "--task", paramLabel = "T", required = true, description = "The task id (1, 2, ... on the contract).")
    long task;

    @Mixin
    WorkspaceOption workspaceOption;

    @Option(names = "--contract", paramLabel = "ADDRESS",
            description = "The FederatedTasks contract (default: the one recorded in the data directory for the chain).")
    String contract;

    @Mixin
    EndpointsOption ipfs;

    @Mixin
    CommitteeKeyOption committeeKey;

    @Override
    public Integer call() throws Exception {
        Path store = workspaceOption.dir(parent).resolve("ipfs");
        if (!ipfs.given() && !Files.isDirectory(store)) {
            throw new IllegalArgumentException("no content store at " + store + " (wrong --data-dir?)");
        }
        try (Workspace workspace = workspaceOption.openForReading(parent);
             NetworkContent content = new NetworkContent(workspace.embeddedContent(), ipfs.specs(), ipfs.timeout())) {
            TaskContract tasks = TaskContract.at(workspace.chain(), contract != null ? contract : recordedContract(workspace));
            RoundVerifier verifier = new RoundVerifier(tasks, content);
            if (committeeKey.given()) verifier.withCommitteeKey(committeeKey.key(workspaceOption.dir(parent), parent));
            TaskVerification result = verifier.verify(task);
            PrintStream out = System.out;
            PrintStream err = System.err;
            err.println("verify: task " + task + " on contract " + result.contract() + " (chain " + workspace.chain().chainId()
                    + "), aggregation " + result.strategy());
            for (String note : result.notes()) err.println("verify: note: " + note);
            if (result.rounds().isEmpty()) err.println("verify: note: task " + task + " has no finalized round yet");
            for (RoundVerdict verdict : result.rounds()) out.println(verdict.line());
            return result.passed() ? 0 : result.anyMismatch() ? 1 : EXIT_INCOMPLETE;
        }
    }

    /** The contract recorded in the data directory for the workspace's chain id; deploys nothing. */
    private static String recordedContract(Workspace workspace) {
        long id = workspace.chain().chainId();
        return DeploymentRecord.load(workspace.deploymentRecordFile()).filter(r -> r.chainId() == id)
                .map(DeploymentRecord::address)
                .orElseThrow(() -> new IllegalArgumentException("no FederatedTasks contract recorded for chain id " + id
                        + " in " + workspace.deploymentRecordFile() + ": pass --contract ADDRESS"));
    }
}
