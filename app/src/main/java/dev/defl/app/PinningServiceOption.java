package dev.defl.app;

import dev.defl.engine.content.remotepin.RemotePinningClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The {@code --service URL} and {@code --token-env VAR} options of {@code defl pin remote}: which
 * <a href="https://ipfs.github.io/pinning-services-api-spec/">IPFS Pinning Service API</a> endpoint to talk
 * to, and which environment variable holds its access token. The token is never an option value: a value
 * on the command line lands in shell history and in {@code ps} output.
 */
final class PinningServiceOption {

    /** The environment variable the token is read from unless {@code --token-env} names another. */
    static final String DEFAULT_TOKEN_VARIABLE = "DEFL_PINNING_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--service", paramLabel = "URL", required = true,
            description = "Base URL of the pinning service (the part before /pins), e.g. https://api.pinata.cloud/psa.")
    String service;

    @Option(names = "--token-env", paramLabel = "VAR", defaultValue = DEFAULT_TOKEN_VARIABLE,
            description = "Environment variable holding the service's access token (default: ${DEFAULT-VALUE}). "
                    + "The token is read only from the environment, never from a command-line value, which would "
                    + "land in shell history and `ps`.")
    String tokenVariable;

    /**
     * A client for the service, with a 30 s request timeout.
     *
     * @throws IllegalArgumentException if the URL is malformed, or the token variable is unset or empty (the
     *                                  message names the variable, never a value)
     */
    RemotePinningClient open() {
        URI endpoint;
        try {
            endpoint = new URI(service);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--service: malformed URL '" + service + "': " + e.getMessage(), e);
        }
        DeflCommand root = (DeflCommand) mixee.root().userObject();
        String token = root.environment.apply(tokenVariable);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("environment variable " + tokenVariable + " is not set: the pinning "
                    + "service's access token is read only from the environment (see --token-env)");
        }
        return new RemotePinningClient(endpoint, token.strip(), Duration.ofSeconds(30));
    }
}
