package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.Cid;
import dev.defl.engine.content.net.BlockFetch;
import dev.defl.engine.content.net.EndpointKind;
import dev.defl.engine.ledger.TransactionListener;
import dev.defl.engine.metrics.NodeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample Grafana dashboard ({@code packaging/grafana/defl-node-dashboard.json}) is a Grafana dashboard whose every
 * panel queries Prometheus, and every {@code defl_…} series it queries is one that {@link NodeMetrics} exposes in a
 * Prometheus scrape: the dashboard cannot drift from the code. The scrape comes from a real Prometheus registry after
 * one call of each of {@link NodeMetrics}'s listener methods (the live node test, {@code NodeMetricsEndpointTest},
 * scrapes a real node).
 */
class GrafanaDashboardTest {
    static final Path DASHBOARD = Path.of("..", "packaging", "grafana", "defl-node-dashboard.json");
    private static final Pattern SERIES = Pattern.compile("\\bdefl_[a-z0-9_]+");

    @Test
    void theDashboardIsAGrafanaDashboardWithAPrometheusQueryInEveryPanel() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
        assertThat(dashboard.path("title").asText()).isNotBlank();
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource", "role", "task");
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        List<JsonNode> graphs = panels.stream().filter(p -> !p.path("type").asText().equals("row")).toList();
        assertThat(graphs).hasSizeGreaterThanOrEqualTo(10);
        Set<Integer> ids = new TreeSet<>();
        for (JsonNode panel : panels) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id %s is unique", panel.path("id")).isTrue();
            JsonNode grid = panel.path("gridPos");
            assertThat(grid.path("w").asInt()).as(panel.path("title").asText()).isBetween(1, 24);
            assertThat(grid.path("h").asInt()).as(panel.path("title").asText()).isPositive();
        }
        for (JsonNode panel : graphs) {
            assertThat(panel.path("type").asText()).isIn("timeseries", "stat");
            assertThat(panel.path("datasource").path("type").asText()).isEqualTo("prometheus");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).contains("defl_");
                assertThat(target.path("refId").asText()).isNotBlank();
            }
        }
    }

    @Test
    void everySeriesTheDashboardQueriesIsInAScrapeOfTheNodeMetrics() throws Exception {
        Set<String> queried = queriedSeries();
        assertThat(queried).as("the dashboard covers the metrics of issue 13").contains("defl_rounds_joined_total",
                "defl_rounds_finalized_total", "defl_rounds_failed_total", "defl_updates_submitted_total",
                "defl_ipfs_added_bytes_total", "defl_ipfs_fetched_bytes_total", "defl_ipfs_fetch_seconds_bucket",
                "defl_transactions_sent_total", "defl_transactions_reverted_total", "defl_transactions_retried_total",
                "defl_transaction_gas_bucket", "defl_transaction_confirmation_seconds_bucket",
                "defl_training_samples_per_second", "defl_aggregation_seconds_bucket", "defl_round_last_finalized");
        Set<String> exposed = exposedSeries(everyMeterScrape());
        assertThat(exposed).containsAll(queried);
    }

    /** Every {@code defl_…} name in the dashboard's queries. */
    static Set<String> queriedSeries() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>();
        for (String expr : dashboard.findValuesAsText("expr")) {
            Matcher m = SERIES.matcher(expr);
            while (m.find()) names.add(m.group());
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = SERIES.matcher(variable.path("definition").asText());
            while (m.find()) names.add(m.group());
        }
        return names;
    }

    /** The series names of a Prometheus text scrape (sample lines, not comments). */
    static Set<String> exposedSeries(String scrape) {
        return scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A scrape after every kind of event each meter counts, once. */
    private static String everyMeterScrape() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeMetrics metrics = new NodeMetrics(registry, "client", 1);
        Cid cid = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        metrics.onTrained(1, 100, 1, Duration.ofMillis(250));
        metrics.onUpdateSubmitted(1, cid);
        metrics.onAggregated(1, 1, Duration.ofMillis(40));
        metrics.onVoted(1, cid, true);
        metrics.sent("submitUpdate");
        metrics.mined("submitUpdate", 150_000, Duration.ofMillis(900), true);
        metrics.reverted("vote", TransactionListener.Stage.PREFLIGHT);
        metrics.retried("vote");
        metrics.added(cid, 12);
        metrics.fetched(new BlockFetch(URI.create("http://127.0.0.1:5001"), EndpointKind.KUBO_RPC, cid,
                BlockFetch.Outcome.DELIVERED, 12, Duration.ofMillis(3)));
        metrics.onEvents(List.of(), 1);
        return registry.scrape();
    }
}
