/** Small file-system helpers shared by the engine's packages: crash-safe writes ({@link dev.defl.engine.io.AtomicFiles}). */
package dev.defl.engine.io;
