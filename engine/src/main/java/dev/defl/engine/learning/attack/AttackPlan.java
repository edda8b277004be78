package dev.defl.engine.learning.attack;

import java.util.Locale;
import java.util.Objects;

/**
 * Which clients attack and how: {@code --attack KIND:K[:PARAM]}. The first {@code K} client indices
 * ({@code 0 .. K−1}) are malicious in every round they are sampled in.
 *
 * <p>Kinds and their parameter (default in brackets): {@code signflip[:S]} (1) {@link Attack.SignFlip},
 * {@code gaussian[:σ]} (1) {@link Attack.GaussianNoise}, {@code labelflip} {@link Attack.LabelFlip},
 * {@code alie[:z]} (derived from n and K) {@link Alie}, {@code ipm[:ε]} (0.1) {@link Ipm}, {@code fang-krum}
 * {@link FangKrum}, {@code fang-trimmed[:b]} (2) {@link FangTrimmedMean}. The older {@code --poison K:signflip:S} is
 * read too ({@link #parse}).
 *
 * @param clients K, {@code >= 0}; 0 is a clean run
 * @param attack  the attack
 */
public record AttackPlan(int clients, Attack attack) {

    /** @throws IllegalArgumentException if {@code clients < 0} */
    public AttackPlan {
        Objects.requireNonNull(attack, "attack");
        if (clients < 0) throw new IllegalArgumentException("attacking clients K must be >= 0, got " + clients);
    }

    /** No malicious client. */
    public static AttackPlan none() {
        return new AttackPlan(0, new Attack.SignFlip(1));
    }

    /** Whether any client is malicious. */
    public boolean active() {
        return clients > 0;
    }

    /** Whether client {@code client} (0-based) is malicious: {@code client < K}. */
    public boolean isMalicious(int client) {
        return client < clients;
    }

    /**
     * Parses {@code KIND:K[:PARAM]} (e.g. {@code alie:3}, {@code signflip:3:10}, {@code ipm:3:0.5}), the older
     * {@code K:KIND:S} of {@code --poison} (e.g. {@code 3:signflip:10}), or {@code none}.
     *
     * @throws IllegalArgumentException naming the part of {@code text} that is wrong and the known kinds
     */
    public static AttackPlan parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.equalsIgnoreCase("none")) return none();
        String[] parts = t.split(":", -1);
        if (parts.length >= 2 && isWhole(parts[0]) && !isWhole(parts[1])) {
            // K:KIND[:PARAM], the form of --poison
            if (parts.length > 3) throw shape(text);
            return plan(text, parts[1], parts[0], parts.length == 3 ? parts[2] : null);
        }
        if (parts.length < 2 || parts.length > 3) throw shape(text);
        return plan(text, parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    private static AttackPlan plan(String text, String kindText, String countText, String paramText) {
        String kind = kindText.strip().toLowerCase(Locale.ROOT);
        int k;
        try {
            k = Integer.parseInt(countText.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attack '" + text + "': K '" + countText + "' is not a whole number", e);
        }
        Double param = null;
        if (paramText != null) {
            try {
                param = Double.parseDouble(paramText.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("attack '" + text + "': parameter '" + paramText + "' is not a number", e);
            }
        }
        try {
            Attack attack = switch (kind) {
                case "signflip" -> new Attack.SignFlip(param == null ? 1 : param);
                case "gaussian" -> new Attack.GaussianNoise(param == null ? 1 : param);
                case "labelflip" -> {
                    noParameter(kind, param);
                    yield new Attack.LabelFlip();
                }
                case "alie" -> param == null ? Alie.derived() : new Alie(param);
                case "ipm" -> new Ipm(param == null ? Ipm.DEFAULT_EPSILON : param);
                case "fang-krum" -> {
                    noParameter(kind, param);
                    yield new FangKrum();
                }
                case "fang-trimmed" -> new FangTrimmedMean(param == null ? FangTrimmedMean.DEFAULT_B : param);
                default -> throw new IllegalArgumentException("unknown attack '" + kindText + "' (known: "
                        + String.join(", ", Attack.KINDS) + ")");
            };
            return new AttackPlan(k, attack);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("attack '" + text + "': " + e.getMessage(), e);
        }
    }

    private static void noParameter(String kind, Double param) {
        if (param != null) throw new IllegalArgumentException(kind + " takes no parameter");
    }

    private static boolean isWhole(String s) {
        return s.strip().matches("[0-9]+");
    }

    private static IllegalArgumentException shape(String text) {
        return new IllegalArgumentException("attack '" + text + "' must be KIND:K[:PARAM], e.g. alie:3 or signflip:3:10"
                + " (kinds: " + String.join(", ", Attack.KINDS) + ")");
    }

    /** {@code KIND:K[:PARAM]}, the form {@link #parse} reads, or {@code none}. */
    public String describe() {
        if (!active()) return "none";
        String d = attack.describe();
        int colon = d.indexOf(':');
        return colon < 0 ? d + ":" + clients : d.substring(0, colon) + ":" + clients + d.substring(colon);
    }
}
