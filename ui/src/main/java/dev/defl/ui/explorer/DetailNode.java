package dev.defl.ui.explorer;

import java.util.List;

/**
 * One row of the explorer's detail tree: a field, its value, where clicking the value leads, and
 * child rows (a call's arguments, a receipt's events, a tuple's members).
 *
 * @param field e.g. {@code From}, {@code numSamples}, {@code UpdateSubmitted}
 * @param value the value as text ("" for a pure heading)
 * @param link where the value leads, or null
 * @param children nested rows, in order
 */
public record DetailNode(String field, String value, Link link, List<DetailNode> children) {
    public DetailNode {
        children = List.copyOf(children);
    }

    /** A leaf without a link. */
    public static DetailNode of(String field, String value) {
        return new DetailNode(field, value, null, List.of());
    }

    /** A leaf whose value leads somewhere. */
    public static DetailNode link(String field, String value, Link link) {
        return new DetailNode(field, value, link, List.of());
    }

    /** Where a clickable value leads. */
    public sealed interface Link {
        /** The IPFS pane's DAG inspector for this CID. */
        record ToCid(String cid) implements Link {
        }

        /** A block by number. */
        record ToBlock(long number) implements Link {
        }

        /** A transaction by hash. */
        record ToTx(String hash) implements Link {
        }

        /** An account by address. */
        record ToAddress(String address) implements Link {
        }
    }
}
