package dev.defl.engine.protocol;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.attack.Attack;
import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.learning.attack.AttackRound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the malicious clients of a {@link FederatedExperiment} run know in each round, and the updates they craft from
 * it ({@link AttackPlan}). Every sampled client's trained model is posted here by its training thread
 * ({@link dev.defl.engine.network.ClientNode.TrainedObserver}); a client that trains nothing or fails is posted absent.
 * An attacker's {@link #craft} waits until the models its attack reads are in:
 * <ul>
 *   <li>{@link Attack.Knowledge#OWN} (sign flip, Gaussian noise, label flip): nothing, it does not wait;</li>
 *   <li>{@link Attack.Knowledge#COLLUDERS} (ALIE): the round's attackers' honestly trained models;</li>
 *   <li>{@link Attack.Knowledge#HONEST} (IPM, Fang's attacks): every sampled client's trained model, the honest
 *       clients' included. In a decentralized task that is what a late submitter can do: an update is public content
 *       once its CID is on chain.</li>
 * </ul>
 * The models are given to the attack in client index order, so the crafted bytes do not depend on thread timing.
 * {@link #craft} must not run on a thread that trains clients (it would wait for itself); the run gives attackers their
 * own thread.
 *
 * <p>Thread-safe. Rounds older than the one opened last but one are forgotten.
 */
final class AttackBoard {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FederatedExperiment.class);
    private final AttackPlan plan;
    private final long seed;
    private final BooleanSupplier stopped;
    private final Map<Long, Round> rounds = new HashMap<>();

    /** A round's sampled clients (ascending) and what they posted; {@link #ABSENT} for a client with nothing. */
    private record Round(int[] sampled, Map<Integer, ModelWeights> posted) { }

    private static final ModelWeights ABSENT = new ModelWeights(Map.of());

    /**
     * @param plan    who attacks and how
     * @param seed    the experiment's seed (randomised attacks draw from it)
     * @param stopped true once the run is being given up: waiting attackers then throw
     */
    AttackBoard(AttackPlan plan, long seed, BooleanSupplier stopped) {
        this.plan = plan;
        this.seed = seed;
        this.stopped = stopped;
    }

    /**
     * Logs a run's attack (at WARN) and refuses one that cannot apply to its data: label flipping on a regression
     * dataset. Nothing for a clean run.
     *
     * @throws IllegalArgumentException naming the attack and the dataset
     */
    static void check(AttackPlan plan, dev.defl.engine.learning.LabeledDataset train) {
        if (!plan.active()) return;
        log.warn("attacked run: clients 0..{} attack ({}; reads {})", plan.clients() - 1, plan.describe(),
                plan.attack().knowledge());
        if (plan.attack() instanceof Attack.LabelFlip && train.isRegression()) {
            throw new IllegalArgumentException("--attack " + plan.describe()
                    + ": label flipping needs a classification dataset; " + train.name() + " is a regression dataset");
        }
    }

    /** Who attacks and how. */
    AttackPlan plan() {
        return plan;
    }

    /** Whether the attackers read other clients' models (so every client must post). */
    boolean readsOthers() {
        return plan.active() && plan.attack().knowledge() != Attack.Knowledge.OWN;
    }

    /** Opens round {@code round} with its sampled clients, ascending; forgets rounds before {@code round − 1}. */
    synchronized void open(long round, int[] sampled) {
        rounds.keySet().removeIf(r -> r < round - 1);
        rounds.put(round, new Round(sampled.clone(), new HashMap<>()));
        notifyAll();
    }

    /** Client {@code client}'s trained model of {@code round}; ignored for a round not open or already posted. */
    synchronized void post(long round, int client, ModelWeights trained) {
        Round r = rounds.get(round);
        if (r == null) return;
        r.posted().putIfAbsent(client, trained);
        notifyAll();
    }

    /** Client {@code client} has no trained model in {@code round} (nothing to do, or it failed). */
    void absent(long round, int client) {
        post(round, client, ABSENT);
    }

    /**
     * The update malicious client {@code client} submits in {@code round}: its attack crafted from what it may read,
     * waiting for those models first (see the class comment).
     *
     * @param global  the round's global model
     * @param trained the client's own trained model
     * @throws IllegalStateException if the round was not opened, the client is not malicious or not sampled, or the
     *                               run stopped while it waited
     */
    ModelWeights craft(long round, int client, ModelWeights global, ModelWeights trained) {
        Attack attack = plan.attack();
        Round r;
        synchronized (this) {
            r = rounds.get(round);
        }
        if (r == null) throw new IllegalStateException("round " + round + " was not opened on the attack board");
        if (!plan.isMalicious(client) || Arrays.binarySearch(r.sampled(), client) < 0) {
            throw new IllegalStateException("client " + client + " is not a sampled attacker of round " + round);
        }
        int n = r.sampled().length;
        int f = 0, me = -1;
        for (int c : r.sampled()) {
            if (!plan.isMalicious(c)) continue;
            if (c == client) me = f;
            f++;
        }
        List<ModelWeights> read = switch (attack.knowledge()) {
            case OWN -> List.of();
            case COLLUDERS -> await(round, r, true);
            case HONEST -> await(round, r, false);
        };
        return attack.craft(new AttackRound(round, seed, me, n, f, global, read), trained);
    }

    /** The trained models of the round's attackers only, or of every sampled client, in index order, once posted. */
    private synchronized List<ModelWeights> await(long round, Round r, boolean attackersOnly) {
        List<ModelWeights> out = new ArrayList<>();
        for (int c : r.sampled()) {
            if (attackersOnly && !plan.isMalicious(c)) continue;
            while (!r.posted().containsKey(c)) {
                if (stopped.getAsBoolean()) {
                    throw new IllegalStateException("round " + round + ": the run stopped while attackers waited for "
                            + "client " + c + "'s trained model");
                }
                try {
                    wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for round " + round + "'s models", e);
                }
            }
            ModelWeights w = r.posted().get(c);
            if (w != ABSENT) out.add(w);
        }
        return out;
    }
}
