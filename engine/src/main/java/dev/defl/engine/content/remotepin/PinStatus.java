package dev.defl.engine.content.remotepin;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The spec's {@code PinStatus}: a pin request as the service sees it.
 *
 * @param requestId the service's opaque, unique id of the request ({@code requestid}); a replace makes a new one
 * @param status    where the request stands
 * @param created   when the request entered the service (RFC 3339 {@code created}); unique per request, used
 *                  for pagination ({@link PinQuery#before()})
 * @param pin       the pin as requested
 * @param delegates multiaddrs of the service's nodes to connect to for a direct transfer
 * @param info      vendor information, e.g. {@code status_details}, {@code dag_size}; empty when none
 */
public record PinStatus(String requestId, PinState status, Instant created, Pin pin, List<String> delegates,
        Map<String, String> info) {
    public PinStatus {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(pin, "pin");
        delegates = delegates == null ? List.of() : List.copyOf(delegates);
        info = info == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    /** The service's {@code info.status_details}, the conventional human-readable detail of the status. */
    public Optional<String> statusDetails() {
        return Optional.ofNullable(info.get("status_details"));
    }
}
