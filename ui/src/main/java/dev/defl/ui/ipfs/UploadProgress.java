package dev.defl.ui.ipfs;

/**
 * Progress of an upload (one or more files added to the store).
 *
 * @param bytesDone      bytes read from the files so far
 * @param bytesTotal     total bytes of all files of the upload
 * @param bytesPerSecond mean read rate since the upload started, in bytes per second (0 at the start)
 * @param etaSeconds     estimated seconds left at that rate, or -1 while unknown
 */
public record UploadProgress(long bytesDone, long bytesTotal, double bytesPerSecond, long etaSeconds) {
    /** Done fraction in [0, 1] (1 for an empty upload). */
    public double fraction() {
        return bytesTotal <= 0 ? 1 : Math.min(1, (double) bytesDone / bytesTotal);
    }
}
