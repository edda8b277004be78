package dev.defl.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.defl.engine.content.kubo.JsIpfsDaemon;
import dev.defl.engine.ledger.AnvilProcess;
import dev.defl.engine.ledger.DevAccounts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.defl.app.CliOutcome.defl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code defl node --metrics 127.0.0.1:0} with real parts: a real anvil (automine), one js-ipfs daemon the creator, a
 * client and an aggregator publish to and fetch from, each node its own process and data directory. A round on digits
 * (200 samples) finalizes (of 500, so the nodes keep running while the test looks); both nodes' {@code /metrics} then
 * show that the counters moved (rounds, updates, transactions with gas and confirmation time, bytes added and
 * fetched, training, aggregation), {@code /health} is UP and {@code /ready} is 200. Then the chain is stopped: {@code /ready} turns 503 and its JSON says the chain is down
 * (IPFS still up), while {@code /health} stays 200.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NodeMetricsEndpointTest {
    private static final String PASSWORD = "metrics-test";
    private static final Pattern BOUND = Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+)");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();

    @Test
    void aNodesMetricsMoveWithARoundAndReadyTurns503WhenTheChainGoesDown() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), PASSWORD);
        AnvilProcess anvil = AnvilProcess.start(dir.resolve("chain/state.json"), 0);
        try (JsIpfsDaemon ipfs = JsIpfsDaemon.start(dir.resolve("ipfs"))) {
            String endpoint = "kubo:" + ipfs.apiUrl();
            CliOutcome created = defl("task", "create", "--chain", anvil.rpcUrl(), "--ipfs", endpoint,
                    "--keystore", keystore(DevAccounts.account(0)).toString(), "--password-file", password.toString(),
                    "--data-dir", dir.resolve("creator").toString(), "--dataset", "digits", "--rounds", "500",
                    "--clients-per-round", "1", "--quorum", "1",
                    "--client", DevAccounts.account(1).getAddress(), "--aggregator", DevAccounts.account(2).getAddress());
            assertThat(created.exitCode()).as(created.stderr()).isZero();
            String contract = created.lines().stream().filter(l -> l.startsWith("contract=")).findFirst().orElseThrow()
                    .substring(9);
            List<String> common = List.of("--chain", anvil.rpcUrl(), "--contract", contract, "--task", "1",
                    "--ipfs", endpoint, "--password-file", password.toString(), "--poll-ms", "200",
                    "--metrics", "127.0.0.1:0");
            Path aggregatorLog = start("aggregator", common, "--role", "aggregator",
                    "--keystore", keystore(DevAccounts.account(2)).toString(), "--data-dir", dir.resolve("aggregator").toString());
            Path clientLog = start("client", common, "--role", "client",
                    "--keystore", keystore(DevAccounts.account(1)).toString(), "--data-dir", dir.resolve("client").toString(),
                    "--dataset", "digits", "--samples", "200");
            try {
                String client = boundUrl(clientLog);
                String aggregator = boundUrl(aggregatorLog);

                waitFor("round 1 to finalize in both nodes' metrics", Duration.ofMinutes(3), () ->
                        value(scrape(client), "defl_rounds_finalized_total") >= 1
                                && value(scrape(aggregator), "defl_rounds_finalized_total") >= 1, clientLog, aggregatorLog);

                String c = scrape(client);
                assertThat(c).contains("role=\"client\"", "task=\"1\"");
                assertThat(c).as("the JVM's own meters").contains("jvm_memory_used_bytes", "process_uptime_seconds");
                assertThat(value(c, "defl_round_last_finalized")).isGreaterThanOrEqualTo(1);
                assertThat(value(c, "defl_rounds_joined_total")).isGreaterThanOrEqualTo(1);
                assertThat(value(c, "defl_updates_submitted_total")).isGreaterThanOrEqualTo(1);
                assertThat(value(c, "defl_transactions_sent_total{", "function=\"submitUpdate\"")).isGreaterThanOrEqualTo(1);
                assertThat(value(c, "defl_transaction_gas_count{", "function=\"submitUpdate\"")).isGreaterThanOrEqualTo(1);
                assertThat(value(c, "defl_transaction_gas_sum{", "function=\"submitUpdate\"")).isGreaterThan(21_000);
                assertThat(value(c, "defl_transaction_confirmation_seconds_count{", "function=\"submitUpdate\""))
                        .isGreaterThanOrEqualTo(1);
                assertThat(value(c, "defl_ipfs_added_bytes_total")).as("the update, published").isGreaterThan(1000);
                assertThat(value(c, "defl_ipfs_fetched_bytes_total{", "endpoint=\"" + ipfs.apiUrl()))
                        .as("the spec and initial model, fetched from js-ipfs").isGreaterThan(1000);
                assertThat(value(c, "defl_ipfs_fetch_seconds_count{", "outcome=\"delivered\"")).isGreaterThanOrEqualTo(1);
                assertThat(value(c, "defl_training_samples_total")).isGreaterThanOrEqualTo(200);
                assertThat(value(c, "defl_training_samples_per_second")).isPositive();
                assertThat(value(c, "defl_training_seconds_count")).isGreaterThanOrEqualTo(1);

                String a = scrape(aggregator);
                assertThat(a).contains("role=\"aggregator\"");
                assertThat(value(a, "defl_round_last_finalized")).isGreaterThanOrEqualTo(1);
                assertThat(value(a, "defl_rounds_joined_total")).isGreaterThanOrEqualTo(1);
                assertThat(value(a, "defl_aggregation_seconds_count")).isGreaterThanOrEqualTo(1);
                assertThat(value(a, "defl_transactions_sent_total{", "function=\"propose\"")).isGreaterThanOrEqualTo(1);
                assertThat(value(a, "defl_ipfs_added_bytes_total")).as("the aggregate, published").isGreaterThan(1000);
                assertThat(value(a, "defl_ipfs_fetched_bytes_total")).as("the client's update").isGreaterThan(1000);
                System.out.printf(Locale.ROOT, "metrics: client trained %.0f samples/s; submitUpdate %.0f gas; "
                                + "aggregation %.3f s; %d bytes of /metrics%n",
                        value(c, "defl_training_samples_per_second"), value(c, "defl_transaction_gas_sum{", "submitUpdate"),
                        value(a, "defl_aggregation_seconds_sum"), c.length());

                HttpResponse<String> health = get(client + "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
                HttpResponse<String> ready = get(client + "/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(json(ready).path("ready").asBoolean()).isTrue();
                assertThat(get(client + "/nothing").statusCode()).isEqualTo(404);

                anvil.close(); // the chain goes down; the nodes keep running and retrying
                waitFor("/ready to turn 503", Duration.ofSeconds(60), () -> get(client + "/ready").statusCode() == 503,
                        clientLog, aggregatorLog);
                HttpResponse<String> down = get(client + "/ready");
                assertThat(down.statusCode()).isEqualTo(503);
                JsonNode body = json(down);
                assertThat(body.path("ready").asBoolean()).isFalse();
                assertThat(body.path("chain").path("up").asBoolean()).as(down.body()).isFalse();
                assertThat(body.path("chain").path("url").asText()).isEqualTo(anvil.rpcUrl());
                assertThat(body.path("ipfs").get(0).path("up").asBoolean()).as(down.body()).isTrue();
                assertThat(get(client + "/health").statusCode()).isEqualTo(200);
                assertThat(get(aggregator + "/health").statusCode()).isEqualTo(200);
            } catch (AssertionError | Exception e) {
                System.out.println("---- client ----\n" + tail(clientLog) + "\n---- aggregator ----\n" + tail(aggregatorLog));
                throw e;
            } finally {
                for (Process p : processes) p.destroy();
                for (Process p : processes) {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } finally {
            anvil.close();
        }
    }

    private Path start(String name, List<String> common, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Launcher.class.getName(), "node"));
        command.addAll(common);
        command.addAll(List.of(args));
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DEFL_LOG_LEVEL", "INFO");
        processes.add(builder.start());
        return log;
    }

    /** The URL the node logged ("metrics on http://127.0.0.1:PORT"). */
    private String boundUrl(Path log) throws Exception {
        String[] url = new String[1];
        waitFor("the node to log its metrics address", Duration.ofSeconds(90), () -> {
            Matcher m = BOUND.matcher(read(log));
            if (!m.find()) return false;
            url[0] = m.group(1);
            return true;
        }, log);
        return url[0];
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String scrape(String base) {
        HttpResponse<String> response = get(base + "/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        return response.body();
    }

    /** The sum of the samples of the series whose line starts with {@code prefix} and contains every {@code labels}. */
    static double value(String scrape, String prefix, String... labels) {
        double sum = 0;
        for (String line : scrape.lines().toList()) {
            if (line.startsWith("#") || !line.startsWith(prefix)) continue;
            String name = line.split("[{ ]", 2)[0];
            if (!prefix.endsWith("{") && !name.equals(prefix)) continue;
            boolean all = true;
            for (String label : labels) all &= line.contains(label);
            if (all) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return sum;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return new ObjectMapper().readTree(response.body());
    }

    private void waitFor(String what, Duration limit, BooleanSupplier condition, Path... logs) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException e) {
                // a node not serving yet: look again
            }
            for (Process p : processes) {
                if (!p.isAlive()) {
                    StringBuilder text = new StringBuilder();
                    for (Path log : logs) text.append(tail(log));
                    throw new AssertionError("a node exited with " + p.exitValue() + " while waiting for " + what + ":\n" + text);
                }
            }
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + limit + " waiting for " + what);
            Thread.sleep(250);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(Path log) {
        String text = read(log);
        return text.substring(Math.max(0, text.length() - 4000));
    }

    private Path keystore(Credentials account) throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path file = keys.resolve(account.getAddress().toLowerCase(Locale.ROOT) + ".json");
        if (!Files.exists(file)) {
            Files.move(keys.resolve(WalletUtils.generateWalletFile(PASSWORD, account.getEcKeyPair(), keys.toFile(), false)), file);
        }
        return file;
    }
}
