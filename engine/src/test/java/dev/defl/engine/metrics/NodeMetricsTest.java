package dev.defl.engine.metrics;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.net.BlockFetch;
import dev.defl.engine.content.net.EndpointKind;
import dev.defl.engine.ledger.TaskEvent;
import dev.defl.engine.ledger.TransactionListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link NodeMetrics}' meters as its listener methods move them, in a Micrometer {@link SimpleMeterRegistry}; the live
 * node test (app, {@code NodeMetricsEndpointTest}) has them moved by a real round.
 */
class NodeMetricsTest {
    private static final Cid CID = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NodeMetrics metrics = new NodeMetrics(registry, "Client", 7);

    private double count(String name, String... tags) {
        return registry.get(name).tags("role", "client", "task", "7").tags(tags).counter().count();
    }

    @Test
    void roundsReadOnTheCatchUpSetTheLastFinalizedRoundButAreNotCountedAsFinalizedWhileRunning() {
        metrics.onEvents(List.of(new TaskEvent.RoundFinalized(7, 1, CID, 1, "0x1", 10),
                new TaskEvent.RoundFinalized(7, 2, CID, 1, "0x2", 12)), 20);
        assertThat(registry.get(NodeMetrics.LAST_FINALIZED).gauge().value()).isEqualTo(2);
        assertThat(count(NodeMetrics.ROUNDS_FINALIZED)).isZero();

        metrics.onEvents(List.of(new TaskEvent.RoundFinalized(7, 3, CID, 1, "0x3", 21)), 21);
        metrics.onEvents(List.of(new TaskEvent.RoundFailed(7, 4, TaskEvent.FailureReason.NO_QUORUM, 0, "0x4", 30)), 30);

        assertThat(registry.get(NodeMetrics.LAST_FINALIZED).gauge().value()).isEqualTo(3);
        assertThat(count(NodeMetrics.ROUNDS_FINALIZED)).isEqualTo(1);
        assertThat(count(NodeMetrics.ROUNDS_FAILED)).isEqualTo(1);
    }

    @Test
    void trainingSetsTheThroughputOfTheLastTrainingAndCountsSamplesTimesEpochs() {
        metrics.onTrained(1, 500, 2, Duration.ofMillis(250));
        assertThat(registry.get(NodeMetrics.TRAINING_THROUGHPUT).gauge().value()).isCloseTo(4000, within(1e-6));
        metrics.onTrained(2, 100, 1, Duration.ofSeconds(1));
        assertThat(registry.get(NodeMetrics.TRAINING_THROUGHPUT).gauge().value()).isCloseTo(100, within(1e-6));
        assertThat(count(NodeMetrics.TRAINING_SAMPLES)).isEqualTo(1100);
        assertThat(registry.get(NodeMetrics.TRAINING).timer().count()).isEqualTo(2);
        assertThat(registry.get(NodeMetrics.TRAINING).timer().totalTime(TimeUnit.MILLISECONDS)).isCloseTo(1250, within(1e-6));
    }

    @Test
    void updatesAndVotesCountAsRoundsJoined() {
        metrics.onUpdateSubmitted(1, CID);
        metrics.onVoted(2, CID, false);
        metrics.onAggregated(2, 3, Duration.ofMillis(40));
        assertThat(count(NodeMetrics.UPDATES_SUBMITTED)).isEqualTo(1);
        assertThat(count(NodeMetrics.ROUNDS_JOINED)).isEqualTo(2);
        assertThat(registry.get(NodeMetrics.AGGREGATION).timer().count()).isEqualTo(1);
    }

    @Test
    void combinedListenersEachHearEveryCall() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        dev.defl.engine.network.NodeListener both = dev.defl.engine.network.NodeListener.all(metrics,
                new NodeMetrics(other, "client", 7));
        both.onUpdateSubmitted(1, CID);
        both.onTrained(1, 10, 1, Duration.ofMillis(10));
        assertThat(count(NodeMetrics.UPDATES_SUBMITTED)).isEqualTo(1);
        assertThat(other.get(NodeMetrics.UPDATES_SUBMITTED).counter().count()).isEqualTo(1);
        assertThat(other.get(NodeMetrics.TRAINING_SAMPLES).counter().count()).isEqualTo(10);
    }

    @Test
    void transactionsAreTaggedWithTheirFunctionAndRevertsWithTheirStage() {
        metrics.sent("propose");
        metrics.mined("propose", 216_462, Duration.ofMillis(30), true);
        metrics.sent("vote");
        metrics.mined("vote", 60_000, Duration.ofMillis(20), false);
        metrics.reverted("vote", TransactionListener.Stage.MINED);
        metrics.reverted("vote", TransactionListener.Stage.PREFLIGHT);
        metrics.retried("vote");

        assertThat(count(NodeMetrics.TX_SENT, "function", "propose")).isEqualTo(1);
        assertThat(count(NodeMetrics.TX_SENT, "function", "vote")).isEqualTo(1);
        assertThat(count(NodeMetrics.TX_REVERTED, "function", "vote", "stage", "mined")).isEqualTo(1);
        assertThat(count(NodeMetrics.TX_REVERTED, "function", "vote", "stage", "preflight")).isEqualTo(1);
        assertThat(count(NodeMetrics.TX_RETRIED, "function", "vote")).isEqualTo(1);
        assertThat(registry.get(NodeMetrics.TX_GAS).tag("function", "propose").summary().totalAmount()).isEqualTo(216_462);
        assertThat(registry.get(NodeMetrics.TX_CONFIRMATION).tag("function", "vote").timer().count()).isEqualTo(1);
    }

    @Test
    void bytesAreCountedPerEndpointAndOnlyForDeliveredBlocks() {
        URI a = URI.create("http://127.0.0.1:5001");
        URI b = URI.create("https://gateway.example");
        metrics.added(CID, 1000);
        metrics.fetched(new BlockFetch(a, EndpointKind.KUBO_RPC, CID, BlockFetch.Outcome.DELIVERED, 300, Duration.ofMillis(5)));
        metrics.fetched(new BlockFetch(a, EndpointKind.KUBO_RPC, CID, BlockFetch.Outcome.DELIVERED, 200, Duration.ofMillis(5)));
        metrics.fetched(new BlockFetch(b, EndpointKind.TRUSTLESS_GATEWAY, CID, BlockFetch.Outcome.FAILED, 0, Duration.ofMillis(9)));

        assertThat(count(NodeMetrics.ADDED)).isEqualTo(1000);
        assertThat(count(NodeMetrics.FETCHED, "endpoint", a.toString())).isEqualTo(500);
        assertThat(registry.find(NodeMetrics.FETCHED).tag("endpoint", b.toString()).counter()).isNull();
        assertThat(registry.get(NodeMetrics.FETCH).tags("endpoint", a.toString(), "outcome", "delivered").timer().count())
                .isEqualTo(2);
        assertThat(registry.get(NodeMetrics.FETCH).tags("endpoint", b.toString(), "outcome", "failed").timer().count())
                .isEqualTo(1);
    }
}
