package dev.defl.engine.network;

import java.util.Objects;

/** A bad value in {@link NetworkSettings}: names the field (e.g. {@code "chainUrl"}) so a form can show it inline. */
public final class InvalidSettingException extends IllegalArgumentException {
    private final String field;

    /**
     * @param field   the setting at fault, one of the {@code NetworkSettings.FIELD_*} names
     * @param message what is wrong with it, starting with the field's name
     */
    public InvalidSettingException(String field, String message) {
        super(message);
        this.field = Objects.requireNonNull(field, "field");
    }

    /** The setting at fault ({@code NetworkSettings.FIELD_*}). */
    public String field() {
        return field;
    }
}
