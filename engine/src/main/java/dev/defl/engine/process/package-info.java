/**
 * Child processes that never outlive the JVM that started them: {@link dev.defl.engine.process.Lifeline} runs a
 * command under a small {@code /bin/sh} supervisor that stops it when the JVM's pipe closes, however the JVM ended
 * (kill -9 included). Used for anvil, js-ipfs and the peers of {@code defl demo network}.
 */
package dev.defl.engine.process;
