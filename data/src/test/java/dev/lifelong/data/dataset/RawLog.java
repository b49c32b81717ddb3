package dev.lifelong.data.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent, deliberately naive reading of a raw log for property tests: per raw user, the events in file
 * order, and their expected timeline (stably sorted by timestamp, so ties keep file order).
 */
final class RawLog {

    record Event(String item, long time, int fileIndex) {
    }

    final Map<String, List<Event>> byUser = new LinkedHashMap<>();

    static RawLog movieLens(Path ratingsCsv) throws IOException {
        RawLog log = new RawLog();
        List<String> lines = Files.readAllLines(ratingsCsv);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            log.add(f[0], f[1], Long.parseLong(f[3]), i);
        }
        return log;
    }

    static RawLog taobao(Path csv) throws IOException {
        RawLog log = new RawLog();
        List<String> lines;
        if (csv.toString().endsWith(".gz")) {
            try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(csv))) {
                lines = List.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n"));
            }
        } else {
            lines = Files.readAllLines(csv);
        }
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            log.add(f[0], f[1], Long.parseLong(f[4]), i);
        }
        return log;
    }

    void add(String user, String item, long time, int fileIndex) {
        byUser.computeIfAbsent(user, k -> new ArrayList<>()).add(new Event(item, time, fileIndex));
    }

    int events() {
        return byUser.values().stream().mapToInt(List::size).sum();
    }

    /** The user's events sorted by time, ties in file order. */
    List<Event> timeline(String user) {
        List<Event> sorted = new ArrayList<>(byUser.get(user));
        sorted.sort(Comparator.comparingLong(Event::time));
        return sorted;
    }
}
