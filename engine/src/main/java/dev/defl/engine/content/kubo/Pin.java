package dev.defl.engine.content.kubo;

import dev.defl.engine.content.Cid;

/**
 * A pinned CID on a node.
 *
 * @param cid  the pinned CID
 * @param type how it is pinned
 */
public record Pin(Cid cid, PinType type) {
}
