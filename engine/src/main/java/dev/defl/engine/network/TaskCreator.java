package dev.defl.engine.network;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.ContentStore;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.SafetensorsCodec;
import dev.defl.engine.ledger.Role;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.ledger.TaskParams;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.util.Set;

/**
 * Creates a task for a network of peers: seeds the initial model ({@link LocalTrainer#initialWeights}, the task seed),
 * adds it and the spec document ({@link TaskDocument}) to the content store, which publishes them to IPFS
 * ({@link NetworkContent}), calls {@code createTask} (with the document's private-updates flag) and registers the
 * plan's clients and aggregators.
 */
public final class TaskCreator {
    /**
     * Clients registered per {@code addParticipants} transaction, in registration order: roughly 25 k gas each (a
     * storage slot and an event, an estimate), so about 6.5 M gas for 256, well inside a 30 M gas block.
     */
    public static final int REGISTRATION_BATCH = 256;
    private TaskCreator() {
    }

    /**
     * The task created: its id, the CIDs it records, and the block of its {@code createTask} transaction (the block
     * from which peers read its events).
     */
    public record CreatedTask(String contract, long chainId, long taskId, Cid initialModel, Cid spec, long block) {}

    /** Told of the task id as soon as {@code createTask} is mined, before the participants are registered. */
    @FunctionalInterface
    public interface OnCreated {
        /**
         * @param taskId the new task
         * @param spec   the CID of its spec document
         * @throws IOException to stop the creation (the task then exists on chain without participants; the caller
         *     that saw its id ends it)
         */
        void created(long taskId, Cid spec) throws IOException;
    }

    /**
     * Creates the task.
     *
     * @throws IOException if adding to the content store or publishing fails
     * @throws dev.defl.engine.ledger.ContractRevertException when the contract refuses the parameters (named)
     * @throws IllegalArgumentException when the plan or document are inconsistent
     */
    public static CreatedTask create(TaskContract contract, Credentials creator, ContentStore content,
                                     TaskDocument document, TaskPlan plan, LocalTrainer trainer) throws IOException {
        return create(contract, creator, content, document, plan, trainer, (id, spec) -> {});
    }

    /**
     * Creates the task, telling {@code onCreated} its id as soon as it exists on chain (e.g. to record it as live, so
     * that a process killed while registering the participants leaves a task the next start can end).
     *
     * @throws IOException if adding to the content store or publishing fails, or {@code onCreated} fails
     * @throws dev.defl.engine.ledger.ContractRevertException when the contract refuses the parameters (named)
     * @throws IllegalArgumentException when the plan or document are inconsistent (e.g. adaptive DP clipping whose
     *     count noise σ_b = m/20 is too small for z)
     */
    public static CreatedTask create(TaskContract contract, Credentials creator, ContentStore content,
                                     TaskDocument document, TaskPlan plan, LocalTrainer trainer, OnCreated onCreated)
            throws IOException {
        if (document.dp() != null && document.dp().adaptive()) { // checked before anything is on chain
            document.dp().adaptiveClipping((int) Math.min(Integer.MAX_VALUE, plan.clientsPerRound()));
        }
        ModelWeights initial = trainer.initialWeights(document.model(), document.seed());
        Cid initialCid = content.add(SafetensorsCodec.encode(initial, document.metadata()));
        Cid specCid = content.add(document.toJson());
        TaskParams params = TaskParams.of(specCid, initialCid, plan.rounds(), plan.clientsPerRound(), plan.minUpdates(),
                        plan.quorum(), plan.submissionBlocks(), plan.votingBlocks())
                .withRewards(plan.rewardPerUpdate(), plan.rewardPerVote())
                .withAggregationRule(document.strategy().aggregationCode())
                .withPrivateUpdates(document.privateUpdates()) // the chain's flag is the document's, always
                .withMerkleMode(plan.merkleMode());
        TaskContract.CreatedTask created = contract.createTask(creator, params);
        long taskId = created.taskId();
        onCreated.created(taskId, specCid);
        // in batches: one transaction for a thousand clients would pass a block's gas limit (about 25 k gas each)
        for (int from = 0; from < plan.clients().size(); from += REGISTRATION_BATCH) {
            contract.addParticipants(creator, taskId, plan.clients().subList(from,
                    Math.min(plan.clients().size(), from + REGISTRATION_BATCH)), Set.of(Role.CLIENT));
        }
        if (!plan.aggregators().isEmpty()) {
            contract.addParticipants(creator, taskId, plan.aggregators(), Set.of(Role.AGGREGATOR));
        }
        return new CreatedTask(contract.address(), contract.chain().chainId(), taskId, initialCid, specCid,
                created.tx().blockNumber());
    }
}
