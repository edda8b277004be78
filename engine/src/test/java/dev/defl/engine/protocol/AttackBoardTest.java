package dev.defl.engine.protocol;

import dev.defl.engine.learning.ModelWeights;
import dev.defl.engine.learning.Tensor;
import dev.defl.engine.learning.attack.Attack;
import dev.defl.engine.learning.attack.AttackPlan;
import dev.defl.engine.learning.attack.AttackRound;
import dev.defl.engine.learning.attack.Ipm;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The attackers' view of a round: who is counted, what they wait for, and that a stopped run releases them. */
class AttackBoardTest {
    private static ModelWeights w(float v) {
        return new ModelWeights(Map.of("w", new Tensor(new long[]{2}, new float[]{v, -v})));
    }

    private static final ModelWeights GLOBAL = w(0);

    @Test
    void anHonestKnowledgeAttackWaitsForEverySampledClientAndReadsThemInIndexOrder() throws Exception {
        AttackPlan plan = AttackPlan.parse("ipm:2:0.5");
        AttackBoard board = new AttackBoard(plan, 7, () -> false);
        assertThat(board.readsOthers()).isTrue();
        int[] sampled = {1, 3, 4, 6}; // client 0 not sampled: attackers of the round are 1 only, n = 4
        board.open(5, sampled);
        board.post(5, 1, w(1));
        CompletableFuture<ModelWeights> crafted = CompletableFuture.supplyAsync(() -> board.craft(5, 1, GLOBAL, w(1)));
        board.post(5, 3, w(3));
        board.post(5, 4, w(5));
        Thread.sleep(100);
        assertThat(crafted).isNotDone(); // client 6 has not posted yet
        board.absent(5, 6); // it failed: the attack goes on with the models that exist
        ModelWeights out = crafted.get(10, TimeUnit.SECONDS);
        // the same as the attack given the three models in index order, attacker 0 of f = 1, n = 4
        ModelWeights expected = new Ipm(0.5).craft(new AttackRound(5, 7, 0, 4, 1, GLOBAL, List.of(w(1), w(3), w(5))), w(1));
        assertThat(out.tensor("w").values()).containsExactly(expected.tensor("w").values());
    }

    @Test
    void anOwnKnowledgeAttackDoesNotWaitAndCountsOnlyTheSampledAttackers() {
        AttackBoard board = new AttackBoard(AttackPlan.parse("signflip:3:2"), 7, () -> false);
        assertThat(board.readsOthers()).isFalse();
        board.open(1, new int[]{0, 2, 5});
        ModelWeights out = board.craft(1, 2, GLOBAL, w(1));
        assertThat(out.tensor("w").values()).containsExactly(-2f, 2f);
        assertThatThrownBy(() -> board.craft(1, 5, GLOBAL, w(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("client 5 is not a sampled attacker of round 1");
        assertThatThrownBy(() -> board.craft(1, 1, GLOBAL, w(1))).hasMessageContaining("client 1 is not a sampled attacker");
        assertThatThrownBy(() -> board.craft(2, 0, GLOBAL, w(1))).hasMessageContaining("round 2 was not opened");
    }

    @Test
    void aStoppedRunReleasesAWaitingAttackerWithTheClientItWaitedFor() throws Exception {
        AtomicBoolean stopped = new AtomicBoolean();
        AttackBoard board = new AttackBoard(AttackPlan.parse("ipm:1"), 7, stopped::get);
        board.open(1, new int[]{0, 1});
        CompletableFuture<ModelWeights> crafted = CompletableFuture.supplyAsync(() -> board.craft(1, 0, GLOBAL, w(1)));
        board.post(1, 0, w(1));
        Thread.sleep(100);
        stopped.set(true);
        assertThatThrownBy(() -> crafted.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause().hasMessageContaining("client 1's trained model");
    }

    @Test
    void alieReadsOnlyTheOtherAttackersModels() throws Exception {
        AttackBoard board = new AttackBoard(AttackPlan.parse("alie:2"), 7, () -> false);
        board.open(1, new int[]{0, 1, 2, 3, 4});
        board.post(1, 0, w(1));
        CompletableFuture<ModelWeights> crafted = CompletableFuture.supplyAsync(() -> board.craft(1, 0, GLOBAL, w(1)));
        Thread.sleep(100);
        assertThat(crafted).isNotDone(); // waits for the other attacker, client 1
        board.post(1, 1, w(3));
        ModelWeights out = crafted.get(10, TimeUnit.SECONDS); // not for the honest clients 2..4
        ModelWeights expected = AttackPlan.parse("alie:2").attack()
                .craft(new AttackRound(1, 7, 0, 5, 2, GLOBAL, List.of(w(1), w(3))), w(1));
        assertThat(out.tensor("w").values()).containsExactly(expected.tensor("w").values());
    }

    @Test
    void oldRoundsAreForgottenAndLatePostsIgnored() {
        AttackBoard board = new AttackBoard(AttackPlan.parse("alie:1"), 7, () -> false);
        board.open(1, new int[]{0});
        board.open(2, new int[]{0});
        board.open(3, new int[]{0});
        board.post(1, 0, w(1)); // round 1 is gone: ignored, no error
        assertThatThrownBy(() -> board.craft(1, 0, GLOBAL, w(1))).hasMessageContaining("round 1 was not opened");
    }

    @Test
    void labelFlipRelabelsAClassificationShardAndRefusesRegression() {
        var data = new dev.defl.engine.learning.LabeledDataset("d", new float[]{0, 1, 2}, new int[]{0, 1, 2}, 1, 3, null, "none");
        assertThat(Attack.LabelFlip.flipped(data).labels()).containsExactly(2, 1, 0);
        assertThat(Attack.LabelFlip.flipped(data).features()).isSameAs(data.features());
        var regression = new dev.defl.engine.learning.LabeledDataset("r", new float[]{0}, new int[]{0}, 1, 1, null, "none",
                new float[]{3.5f});
        assertThatThrownBy(() -> Attack.LabelFlip.flipped(regression)).hasMessageContaining("r is a regression dataset");
    }
}
