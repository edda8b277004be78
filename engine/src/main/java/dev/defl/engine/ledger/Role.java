package dev.defl.engine.ledger;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** A participant's role in a task; the contract stores roles as a bitmask (client 1, aggregator 2). */
public enum Role {
    CLIENT(1),
    AGGREGATOR(2);

    private final int bit;

    Role(int bit) {
        this.bit = bit;
    }

    /** This role's bit in the contract's roles mask. */
    public int bit() {
        return bit;
    }

    /** The mask of {@code roles}. */
    public static int mask(Collection<Role> roles) {
        return roles.stream().mapToInt(Role::bit).reduce(0, (a, b) -> a | b);
    }

    /** The roles in {@code mask} (unknown bits ignored). */
    public static Set<Role> fromMask(int mask) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        for (Role role : values()) {
            if ((mask & role.bit) != 0) {
                roles.add(role);
            }
        }
        return roles;
    }
}
