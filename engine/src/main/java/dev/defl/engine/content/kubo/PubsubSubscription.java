package dev.defl.engine.content.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A live {@code /api/v0/pubsub/sub} stream: a virtual thread reads the node's newline-delimited JSON
 * messages ({@code data} and {@code topicIDs} multibase {@code u}+base64url) and passes each to the
 * listener. {@link #close()} ends the stream.
 */
public final class PubsubSubscription implements AutoCloseable {
    private final String topic;
    private final InputStream body;
    private final Thread reader;
    private volatile boolean closed;
    private volatile IOException failure;

    PubsubSubscription(String topic, InputStream body, ObjectMapper json, Consumer<PubsubMessage> listener) {
        this.topic = topic;
        this.body = body;
        this.reader = Thread.ofVirtual().name("pubsub-" + topic).start(() -> read(json, listener));
    }

    private void read(ObjectMapper json, Consumer<PubsubMessage> listener) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message = json.readTree(line);
                if (!message.has("data")) {
                    continue; // js-ipfs and kubo open the stream with an empty object
                }
                List<String> topics = new ArrayList<>();
                for (JsonNode id : message.path("topicIDs")) {
                    topics.add(new String(decodeMultibase(id.asText()), StandardCharsets.UTF_8));
                }
                listener.accept(new PubsubMessage(message.path("from").asText(""),
                        decodeMultibase(message.path("data").asText("")), topics));
            }
        } catch (IOException | IllegalArgumentException e) {
            if (!closed) {
                failure = e instanceof IOException io ? io : new IOException("malformed pubsub message on topic '"
                        + topic + "': " + e.getMessage(), e);
            }
        }
    }

    /** Decodes multibase {@code u} (base64url, no padding); an unprefixed value is taken as plain base64 (old kubo). */
    private static byte[] decodeMultibase(String text) {
        if (text.startsWith("u")) {
            return Base64.getUrlDecoder().decode(text.substring(1));
        }
        return Base64.getDecoder().decode(text);
    }

    /** The topic subscribed to. */
    public String topic() {
        return topic;
    }

    /** Why the stream ended early (the node went away, a malformed message), if it did. */
    public Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Ends the subscription and waits up to 5 s for the reader thread. */
    @Override
    public void close() throws IOException {
        closed = true;
        body.close();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
