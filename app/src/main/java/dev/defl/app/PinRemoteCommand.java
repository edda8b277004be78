package dev.defl.app;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.remotepin.PinQuery;
import dev.defl.engine.content.remotepin.PinState;
import dev.defl.engine.content.remotepin.PinStatus;
import dev.defl.engine.content.remotepin.RemotePinningClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code defl pin remote add|ls|rm}: pins at a remote pinning service (IPFS Pinning Service API v1), like
 * {@code ipfs pin remote}. Output lines are {@code <requestid> <status> <cid> [<name>]}.
 */
@Command(name = "remote", mixinStandardHelpOptions = true,
        description = {"Pins at a remote pinning service (IPFS Pinning Service API).",
                "The access token is read ONLY from the environment variable " + PinningServiceOption.DEFAULT_TOKEN_VARIABLE
                        + " (or the one --token-env names), never from a command-line value: that would land in "
                        + "shell history and `ps`."},
        subcommands = {PinRemoteCommand.Add.class, PinRemoteCommand.Ls.class, PinRemoteCommand.Rm.class})
final class PinRemoteCommand {

    /** {@code <requestid> <status> <cid> [<name>]}. */
    static String line(PinStatus status) {
        String name = status.pin().name();
        return status.requestId() + " " + status.status().wireName() + " " + status.pin().cid()
                + (name == null || name.isEmpty() ? "" : " " + name);
    }

    /** {@code defl pin remote add CID --service URL [--name N] [--no-wait]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Ask the service to pin CID recursively and wait until the request is settled (pinned or "
                    + "failed), showing its status on a terminal; --no-wait returns at once.",
                    "Prints <requestid> <status> <cid> [<name>]; exits 1 if the pin failed.",
                    "Token: from $" + PinningServiceOption.DEFAULT_TOKEN_VARIABLE + " or --token-env VAR only."})
    static final class Add implements Callable<Integer> {

        @Mixin
        PinningServiceOption service;

        @Parameters(index = "0", paramLabel = "CID", description = "CIDv0 (Qm…) or CIDv1 (b…).")
        String cid;

        @Option(names = "--name", paramLabel = "N", description = "Name of the pin (at most 255 characters).")
        String name;

        @Option(names = "--no-wait", description = "Return as soon as the service accepted the request.")
        boolean noWait;

        @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long to wait for the pin to settle, in seconds (default: ${DEFAULT-VALUE}).")
        long waitSeconds;

        @Option(names = "--poll-interval", paramLabel = "MILLIS", defaultValue = "1000",
                description = "Time between status polls while waiting, in milliseconds (default: ${DEFAULT-VALUE}).")
        long pollMillis;

        @Override
        public Integer call() throws Exception {
            Cid parsed = Cid.parse(cid);
            if (waitSeconds <= 0 || pollMillis <= 0) {
                throw new IllegalArgumentException("--wait-timeout and --poll-interval must be positive");
            }
            try (RemotePinningClient client = service.open()) {
                PinStatus status = client.add(parsed, name, List.of(), null);
                if (!noWait && !status.status().isSettled()) {
                    boolean terminal = System.console() != null;
                    PinState[] last = {null};
                    status = client.waitUntilSettled(status.requestId(), Duration.ofMillis(pollMillis),
                            Duration.ofSeconds(waitSeconds), s -> {
                                if (terminal && s.status() != last[0]) {
                                    System.err.println(s.requestId() + " " + s.status().wireName() + "…");
                                }
                                last[0] = s.status();
                            });
                }
                System.out.println(line(status));
                if (status.status() == PinState.FAILED) {
                    System.err.println("pin remote add: error: the service failed to pin " + parsed
                            + status.statusDetails().map(d -> ": " + d).orElse(""));
                    return 1;
                }
                return 0;
            }
        }
    }

    /** {@code defl pin remote ls --service URL [--status S,…]}. */
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List the pin requests at the service, newest first: <requestid> <status> <cid> [<name>].",
                    "Token: from $" + PinningServiceOption.DEFAULT_TOKEN_VARIABLE + " or --token-env VAR only."})
    static final class Ls implements Callable<Integer> {

        @Mixin
        PinningServiceOption service;

        @Option(names = "--status", paramLabel = "S[,S…]", split = ",",
                description = "Only requests in these states: queued, pinning, pinned, failed (default: pinned).")
        List<String> statuses;

        @Override
        public Integer call() throws Exception {
            PinQuery.Builder query = PinQuery.builder();
            if (statuses != null && !statuses.isEmpty()) {
                PinState[] states = new PinState[statuses.size()];
                for (int i = 0; i < states.length; i++) {
                    try {
                        states[i] = PinState.fromWireName(statuses.get(i).strip());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--status: '" + statuses.get(i)
                                + "' is not one of queued, pinning, pinned, failed", e);
                    }
                }
                query.status(states);
            }
            try (RemotePinningClient client = service.open()) {
                StringBuilder out = new StringBuilder();
                for (PinStatus status : client.listAll(query.build())) {
                    out.append(line(status)).append(System.lineSeparator());
                }
                System.out.print(out);
                System.out.flush();
                return 0;
            }
        }
    }

    /** {@code defl pin remote rm REQUESTID --service URL}. */
    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Remove the pin request REQUESTID (as `ls` prints it) from the service.",
                    "Token: from $" + PinningServiceOption.DEFAULT_TOKEN_VARIABLE + " or --token-env VAR only."})
    static final class Rm implements Callable<Integer> {

        @Mixin
        PinningServiceOption service;

        @Parameters(index = "0", paramLabel = "REQUESTID", description = "The service's id of the pin request.")
        String requestId;

        @Override
        public Integer call() throws Exception {
            try (RemotePinningClient client = service.open()) {
                client.remove(requestId);
                System.out.println("removed " + requestId);
                return 0;
            }
        }
    }
}
