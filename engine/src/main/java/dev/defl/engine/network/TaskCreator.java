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
 * ({@link NetworkContent}), calls {@code createTask} and registers the plan's clients and aggregators.
 */
public final class TaskCreator {
    private TaskCreator() {
    }

    /**
     * The task created: its id, the CIDs it records, and the block of its {@code createTask} transaction (the block
     * from which peers read its events).
     */
    public record CreatedTask(String contract, long chainId, long taskId, Cid initialModel, Cid spec, long block) {}

    /**
     * Creates the task.
     *
     * @throws IOException if adding to the content store or publishing fails
     * @throws dev.defl.engine.ledger.ContractRevertException when the contract refuses the parameters (named)
     * @throws IllegalArgumentException when the plan or document are inconsistent
     */
    public static CreatedTask create(TaskContract contract, Credentials creator, ContentStore content,
                                     TaskDocument document, TaskPlan plan, LocalTrainer trainer) throws IOException {
        ModelWeights initial = trainer.initialWeights(document.model(), document.seed());
        Cid initialCid = content.add(SafetensorsCodec.encode(initial, document.metadata()));
        Cid specCid = content.add(document.toJson());
        TaskParams params = TaskParams.of(specCid, initialCid, plan.rounds(), plan.clientsPerRound(), plan.minUpdates(),
                        plan.quorum(), plan.submissionBlocks(), plan.votingBlocks())
                .withRewards(plan.rewardPerUpdate(), plan.rewardPerVote())
                .withAggregationRule(document.strategy().aggregationCode());
        TaskContract.CreatedTask created = contract.createTask(creator, params);
        long taskId = created.taskId();
        if (!plan.clients().isEmpty()) contract.addParticipants(creator, taskId, plan.clients(), Set.of(Role.CLIENT));
        if (!plan.aggregators().isEmpty()) {
            contract.addParticipants(creator, taskId, plan.aggregators(), Set.of(Role.AGGREGATOR));
        }
        return new CreatedTask(contract.address(), contract.chain().chainId(), taskId, initialCid, specCid,
                created.tx().blockNumber());
    }
}
