package dev.defl.engine.content.remotepin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON forms of the spec's schemas ({@code Pin}, {@code PinStatus}, {@code PinResults}), read and written
 * through Jackson's tree model. Timestamps are RFC 3339 ({@code format: date-time}), read with any offset and
 * written in UTC ({@code 2020-07-27T17:32:28Z}). A body that breaks the schema is an
 * {@link IllegalArgumentException} naming the JSON path of the offending field.
 */
final class PinJson {
    private final ObjectMapper mapper;

    PinJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode pinToJson(Pin pin) {
        ObjectNode node = mapper.createObjectNode();
        node.put("cid", pin.cid());
        if (pin.name() != null) {
            node.put("name", pin.name());
        }
        if (!pin.origins().isEmpty()) {
            ArrayNode origins = node.putArray("origins");
            pin.origins().forEach(origins::add);
        }
        if (!pin.meta().isEmpty()) {
            node.set("meta", stringMapToJson(pin.meta()));
        }
        return node;
    }

    ObjectNode stringMapToJson(Map<String, String> map) {
        ObjectNode node = mapper.createObjectNode();
        map.forEach(node::put);
        return node;
    }

    ObjectNode statusToJson(PinStatus status) {
        ObjectNode node = mapper.createObjectNode();
        node.put("requestid", status.requestId());
        node.put("status", status.status().wireName());
        node.put("created", formatTime(status.created()));
        node.set("pin", pinToJson(status.pin()));
        ArrayNode delegates = node.putArray("delegates");
        status.delegates().forEach(delegates::add);
        if (!status.info().isEmpty()) {
            node.set("info", stringMapToJson(status.info()));
        }
        return node;
    }

    Pin pinFromJson(JsonNode node, String path) {
        requireObject(node, path);
        String name = optionalText(node, "name", path);
        return new Pin(requiredText(node, "cid", path), name, stringList(node.get("origins"), path + ".origins"),
                stringMap(node.get("meta"), path + ".meta"));
    }

    PinStatus statusFromJson(JsonNode node, String path) {
        requireObject(node, path);
        String status = requiredText(node, "status", path);
        PinState state;
        try {
            state = PinState.fromWireName(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ".status: " + e.getMessage(), e);
        }
        JsonNode pin = node.get("pin");
        if (pin == null) {
            throw new IllegalArgumentException(path + ".pin is missing");
        }
        return new PinStatus(requiredText(node, "requestid", path), state,
                parseTime(requiredText(node, "created", path), path + ".created"), pinFromJson(pin, path + ".pin"),
                stringList(node.get("delegates"), path + ".delegates"), stringMap(node.get("info"), path + ".info"));
    }

    PinResults resultsFromJson(JsonNode node) {
        requireObject(node, "$");
        JsonNode count = node.get("count");
        if (count == null || !count.canConvertToInt() || !count.isIntegralNumber()) {
            throw new IllegalArgumentException("$.count is missing or not an integer");
        }
        JsonNode results = node.get("results");
        if (results == null || !results.isArray()) {
            throw new IllegalArgumentException("$.results is missing or not an array");
        }
        List<PinStatus> list = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            list.add(statusFromJson(results.get(i), "$.results[" + i + "]"));
        }
        if (count.intValue() < 0) {
            throw new IllegalArgumentException("$.count " + count.intValue() + " is negative");
        }
        return new PinResults(count.intValue(), list);
    }

    /** RFC 3339 text of an instant, in UTC. */
    static String formatTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** An RFC 3339 timestamp ({@code 2020-07-27T17:32:28Z}, {@code 2020-07-27T19:32:28.5+02:00}). */
    static Instant parseTime(String text, String path) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(path + " \"" + text + "\" is not an RFC 3339 timestamp", e);
        }
    }

    private static void requireObject(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(path + " is not a JSON object");
        }
    }

    private static String requiredText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(path + "." + field + " is missing or not a string");
        }
        return value.textValue();
    }

    private static String optionalText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(path + "." + field + " is not a string");
        }
        return value.textValue();
    }

    private static List<String> stringList(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(path + " is not an array");
        }
        List<String> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isTextual()) {
                throw new IllegalArgumentException(path + "[" + i + "] is not a string");
            }
            list.add(node.get(i).textValue());
        }
        return list;
    }

    private static Map<String, String> stringMap(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        requireObject(node, path);
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException(path + "." + e.getKey() + " is not a string");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }
}
