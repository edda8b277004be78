/**
 * The service layer: the one door from the front ends (CLI commands in {@code app}, view-models in {@code ui}) to the
 * engine's network roles. {@link dev.defl.engine.service.PeerSession} assembles a peer (chain, account, content,
 * journal) and creates and joins tasks. Above {@code network}, {@code protocol} and {@code workspace}; nothing in the
 * engine depends on it.
 */
package dev.defl.engine.service;
