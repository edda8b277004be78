package dev.defl.app;

import dev.defl.engine.content.remotepin.PinningServiceSettings;
import dev.defl.engine.content.remotepin.RemotePinningClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code --service URL} and {@code --token-env VAR} options of {@code defl pin remote}: which
 * <a href="https://ipfs.github.io/pinning-services-api-spec/">IPFS Pinning Service API</a> endpoint to talk
 * to, and which environment variable holds its access token. The token is never an option value: a value
 * on the command line lands in shell history and in {@code ps} output. Like the other content commands it
 * takes {@code --data-dir DIR}: without {@code --service}, the URL the window saved in
 * {@code DIR/settings/pinning-service.json} is used (the data directory is only read, never created).
 */
final class PinningServiceOption {

    /** The environment variable the token is read from unless {@code --token-env} names another. */
    static final String DEFAULT_TOKEN_VARIABLE = "DEFL_PINNING_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--service", paramLabel = "URL",
            description = "Base URL of the pinning service (the part before /pins), e.g. https://api.pinata.cloud/psa "
                    + "(default: the one saved in <data dir>/settings/" + PinningServiceSettings.FILE_NAME + " by the window).")
    String service;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory whose saved pinning service URL is used without --service (default: as for defl).")
    Path dataDir;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = DEFAULT_TOKEN_VARIABLE,
            description = "Environment variable holding the service's access token (default: ${DEFAULT-VALUE}). "
                    + "The token is read only from the environment, never from a command-line value, which would "
                    + "land in shell history and `ps`.")
    String tokenVariable;

    /**
     * A client for the service, with a 30 s request timeout.
     *
     * @throws IllegalArgumentException if the URL is malformed, neither given nor saved in the data directory
     *                                  (names the settings file), or the token variable is unset or empty (the
     *                                  message names the variable, never a value)
     * @throws IOException              if the saved settings file cannot be read or is malformed (names it)
     */
    RemotePinningClient open() throws IOException {
        DeflCommand root = (DeflCommand) mixee.root().userObject();
        URI endpoint;
        if (service != null) {
            try {
                endpoint = new URI(service);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--service: malformed URL '" + service + "': " + e.getMessage(), e);
            }
        } else {
            Path dir = dataDir != null ? dataDir : root.window.dataDir != null ? root.window.dataDir : DataDirectory.defaultPath();
            Path file = PinningServiceSettings.fileIn(dir);
            endpoint = PinningServiceSettings.load(file).orElseThrow(() -> new IllegalArgumentException(
                    "no --service URL given, and no pinning service saved in " + file));
        }
        String token = root.environment.apply(tokenVariable);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("environment variable " + tokenVariable + " is not set: the pinning "
                    + "service's access token is read only from the environment (see --token-env)");
        }
        return new RemotePinningClient(endpoint, token.strip(), Duration.ofSeconds(30));
    }
}
