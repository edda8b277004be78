package dev.defl.engine.ledger.abi;

import dev.defl.engine.content.Cid;
import dev.defl.engine.content.MalformedCidException;
import dev.defl.engine.content.Multihash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the CIDs among decoded arguments, so that calls and events show CIDs (clickable into the
 * IPFS pane) instead of 32-byte hex. The contract stores CIDs compactly: a {@code bytes32} sha2-256
 * digest named {@code digest} or {@code <x>Digest}, next to a codec named {@code codec} or
 * {@code <x>Codec} (0x55 raw, 0x70 dag-pb); the CIDv1 is rebuilt from the two. A {@code bytes}
 * argument named {@code cid} or {@code <x>Cid} holding a binary CID is read as one too.
 */
public final class CidArguments {
    private CidArguments() {
    }

    /**
     * The CIDs in {@code args} (tuples searched member by member), keyed by the digest or cid
     * argument's name, in argument order. Arguments that look like CIDs but do not decode (an
     * unknown codec, a malformed binary CID) are left out.
     */
    public static Map<String, Cid> find(List<DecodedValue> args) {
        Map<String, Cid> out = new LinkedHashMap<>();
        collect(args, out);
        return out;
    }

    private static void collect(List<DecodedValue> args, Map<String, Cid> out) {
        for (DecodedValue a : args) {
            String name = a.name();
            if (a.value() instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof DecodedValue) {
                @SuppressWarnings("unchecked")
                List<DecodedValue> members = (List<DecodedValue>) list;
                collect(members, out);
            } else if (a.hashedTopic()) {
                continue;
            } else if ("bytes32".equals(a.type()) && (name.equals("digest") || name.endsWith("Digest"))) {
                String prefix = name.substring(0, name.length() - "digest".length());
                String codecName = prefix.isEmpty() ? "codec" : prefix + "Codec";
                args.stream().filter(c -> c.name().equals(codecName) && c.value() instanceof BigInteger)
                        .findFirst()
                        .flatMap(c -> cid((BigInteger) c.value(), (byte[]) a.value()))
                        .ifPresent(cid -> out.put(name, cid));
            } else if ("bytes".equals(a.type()) && (name.equals("cid") || name.endsWith("Cid"))) {
                try {
                    out.put(name, Cid.fromBytes((byte[]) a.value()));
                } catch (MalformedCidException e) {
                    // not a CID after all: shown as hex
                }
            }
        }
    }

    private static java.util.Optional<Cid> cid(BigInteger codec, byte[] digest) {
        if (!(codec.equals(BigInteger.valueOf(Cid.RAW)) || codec.equals(BigInteger.valueOf(Cid.DAG_PB)))
                || digest.length != Multihash.SHA2_256_LENGTH) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Cid(1, codec.longValueExact(), new Multihash(Multihash.SHA2_256, digest)));
    }

    /** {@link DecodedValue#display()} with CIDs in place of their digest and codec. */
    public static String display(String name, List<DecodedValue> args) {
        return name + "(" + members(args) + ")";
    }

    private static String members(List<DecodedValue> args) {
        Map<String, Cid> cids = new LinkedHashMap<>();
        collectFlat(args, cids);
        List<String> parts = new ArrayList<>();
        for (DecodedValue a : args) {
            Cid cid = cids.get(a.name());
            if (a.value() instanceof List<?> list && !list.isEmpty() && list.getFirst() instanceof DecodedValue) {
                @SuppressWarnings("unchecked")
                List<DecodedValue> inner = (List<DecodedValue>) list;
                parts.add((a.name().isEmpty() ? "" : a.name() + "=") + "(" + members(inner) + ")");
            } else if (cid != null) {
                parts.add(label(a.name()) + "=" + cid);
            } else if (!isCodecOfACid(a.name(), cids)) {
                parts.add((a.name().isEmpty() ? "" : a.name() + "=") + a.display());
            }
        }
        return String.join(", ", parts);
    }

    /** The CIDs among {@code args} themselves, not inside tuples. */
    private static void collectFlat(List<DecodedValue> args, Map<String, Cid> out) {
        List<DecodedValue> flat = args.stream()
                .filter(a -> !(a.value() instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof DecodedValue))
                .toList();
        collect(flat, out);
    }

    private static String label(String digestName) {
        if (digestName.equals("digest")) {
            return "cid";
        }
        return digestName.endsWith("Digest") ? digestName.substring(0, digestName.length() - 6) + "Cid" : digestName;
    }

    private static boolean isCodecOfACid(String name, Map<String, Cid> cids) {
        if (name.equals("codec")) {
            return cids.containsKey("digest");
        }
        return name.endsWith("Codec") && cids.containsKey(name.substring(0, name.length() - 5) + "Digest");
    }
}
