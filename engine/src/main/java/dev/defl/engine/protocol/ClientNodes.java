package dev.defl.engine.protocol;

import dev.defl.engine.learning.LabeledDataset;
import dev.defl.engine.learning.LocalTrainer;
import dev.defl.engine.learning.attack.Attack;
import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.ledger.TaskContract;
import dev.defl.engine.network.ClientNode;
import dev.defl.engine.network.NetworkContent;
import dev.defl.engine.network.NodeOptions;
import dev.defl.engine.network.SignedUpdatePool;
import org.web3j.crypto.Credentials;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client roles of one {@link FederatedExperiment} run, created when first sampled: each gets its shard of the
 * training rows then (a copy of its partition's rows) and joins with the first client's copy of the task's document
 * and initial model ({@link ClientNode#joinAs}). A client {@link AttackPlan#isMalicious} submits what its attack
 * crafts on the {@link AttackBoard} (label flip: it trains on its shard with flipped labels); when the attack reads
 * other clients' models, every client posts its trained model there. Driver thread only.
 */
final class ClientNodes {
    final TaskContract deployed;
    final long taskId;
    private final NetworkContent local;
    private final LabeledDataset train;
    private final int[][] partitions;
    private final List<Credentials> clients;
    private final LocalTrainer trainer;
    private final AttackPlan attack;
    private final AttackBoard board;
    private final RoundLog roundLog;
    private final Map<Integer, ClientNode> nodes = new HashMap<>();
    private ClientNode first;
    /** Merkle mode: the run's off-chain channel ({@link MerkleRun#share}), given to each client made. */
    SignedUpdatePool signedUpdates;

    /**
     * @param train      the run's training rows, of which client {@code i} gets {@code partitions[i]}
     * @param clients    the clients' accounts, by client index
     */
    ClientNodes(TaskContract deployed, long taskId, NetworkContent local, LabeledDataset train, int[][] partitions,
                List<Credentials> clients, LocalTrainer trainer, AttackBoard board, RoundLog roundLog) {
        this.deployed = deployed;
        this.taskId = taskId;
        this.local = local;
        this.train = train;
        this.partitions = partitions;
        this.clients = clients;
        this.trainer = trainer;
        this.attack = board.plan();
        this.board = board;
        this.roundLog = roundLog;
    }

    /** The clients made so far (those sampled in some round), in index order. */
    List<ClientNode> created() {
        return nodes.keySet().stream().sorted().map(nodes::get).toList();
    }

    /** Client {@code i}, made, joined and registered with the round log on first use. */
    ClientNode get(int i) throws IOException {
        ClientNode node = nodes.get(i);
        if (node != null) return node;
        LabeledDataset shard = train.subset(partitions[i], train.name() + "/client-" + i);
        boolean malicious = attack.isMalicious(i);
        if (malicious && attack.attack() instanceof Attack.LabelFlip) shard = Attack.LabelFlip.flipped(shard);
        node = new ClientNode(deployed, taskId, clients.get(i), local, shard, i, trainer, null,
                NodeOptions.DEFAULT, roundLog.client(i, clients.get(i).getAddress()));
        if (signedUpdates != null) node.shareSignedUpdates(signedUpdates);
        if (malicious) node.withUpdateHook((round, global, trained) -> board.craft(round, i, global, trained));
        if (board.readsOthers()) node.withTrainedObserver((round, global, trained) -> board.post(round, i, trained));
        if (first == null) {
            node.join();
            first = node;
        } else {
            node.joinAs(first);
        }
        nodes.put(i, node);
        return node;
    }
}
