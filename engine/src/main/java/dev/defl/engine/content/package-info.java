/**
 * Content addressing, kubo-compatible and written from the specifications: {@link dev.defl.engine.content.Cid}
 * (multiformats CID v0/v1), {@link dev.defl.engine.content.Multihash}, {@link dev.defl.engine.content.Multibase}
 * (base32, base58btc), dag-pb ({@link dev.defl.engine.content.DagPbNode}) and UnixFS
 * ({@link dev.defl.engine.content.UnixFsData}); a UnixFS file importer and exporter giving the CIDs of
 * {@code ipfs add --cid-version=1}; and block stores that hash-verify every block in and out
 * ({@link dev.defl.engine.content.FileBlockStore}, laid out like kubo's flatfs), with a memory LRU cache bounded
 * in bytes ({@link dev.defl.engine.content.CachingBlockStore}); recursive and direct pins
 * ({@link dev.defl.engine.content.PinStore}), garbage collection of unpinned blocks and repo stats, as kubo has.
 *
 * <p>Entry point for most callers: {@link dev.defl.engine.content.EmbeddedContentStore}.
 */
package dev.defl.engine.content;
