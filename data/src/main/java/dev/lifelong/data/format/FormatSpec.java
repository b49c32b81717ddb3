package dev.lifelong.data.format;

/**
 * What a data file declares in its header, after Lucene's {@code CodecUtil}: a name saying what the file holds
 * and the range of versions this code reads. The current version is written; older ones within range are read.
 *
 * @param name          e.g. {@code lifelong.timelines}
 * @param oldestVersion oldest version still read
 * @param version       the version written now (and the newest read)
 */
public record FormatSpec(String name, int oldestVersion, int version) {

    public FormatSpec {
        if (name.isEmpty() || name.length() > 64 || oldestVersion < 1 || version < oldestVersion) {
            throw new IllegalArgumentException("bad format spec " + name + " " + oldestVersion + ".." + version);
        }
    }
}
