package dev.lifelong.data.read;

import dev.lifelong.data.progress.ProgressListener;
import dev.lifelong.data.validate.RejectionLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * MovieLens ratings, either layout:
 * <ul>
 *   <li>current ({@code ratings.csv}: {@code userId,movieId,rating,timestamp} with a header; ratings 0.5-5), with
 *       genres from {@code movies.csv} beside it;</li>
 *   <li>older ({@code u.data}: tab-separated {@code user item rating timestamp}; ratings 1-5), with genres from
 *       {@code u.item} and {@code u.genre} beside it.</li>
 * </ul>
 * Every rating is a behaviour of type {@code rating} whose value is the rating. A movie's category is its
 * <em>first listed genre</em>: the lists are not ordered by relevance, but the first is deterministic, present
 * for every movie, and is the choice of the shared benchmark protocol (so results compare across runs). A movie
 * missing from the genre table gets no category (id 0) rather than losing its ratings.
 */
public final class MovieLensReader implements EventReader {

    private final Path ratings;
    private final boolean oldLayout;
    private final TimeRange range;

    /** @param input a folder holding {@code ratings.csv} or {@code u.data}, or one of those files */
    public MovieLensReader(Path input, TimeRange range) throws IOException {
        Path file = input;
        if (Files.isDirectory(input)) {
            file = Files.exists(input.resolve("ratings.csv")) ? input.resolve("ratings.csv") : input.resolve("u.data");
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(input.toString(), null, "no ratings.csv or u.data there");
        }
        this.ratings = file;
        this.oldLayout = file.getFileName().toString().startsWith("u.data");
        this.range = range;
    }

    @Override
    public String describe() {
        return "movielens " + ratings;
    }

    @Override
    public void read(EventSink sink, RejectionLog log, ProgressListener progress) throws IOException {
        Map<String, String> genres = oldLayout ? oldGenres() : currentGenres();
        DelimitedReader reader = oldLayout ? new Ratings(ratings, '\t', 1f, genres) : new Ratings(ratings, ',', 0.5f, genres);
        reader.read(sink, log, progress);
    }

    private Map<String, String> currentGenres() throws IOException {
        Map<String, String> first = new HashMap<>();
        Path movies = ratings.resolveSibling("movies.csv");
        if (!Files.exists(movies)) {
            return first;
        }
        FieldSplitter f = new FieldSplitter(',', '"');
        try (LineSource lines = new LineSource(movies)) {
            while (lines.next()) {
                if (lines.number() == 1 || !f.split(lines.text()) || f.count() < 3) {
                    continue;
                }
                String genres = f.get(f.count() - 1);
                int bar = genres.indexOf('|');
                first.put(f.get(0).trim(), (bar < 0 ? genres : genres.substring(0, bar)).trim());
            }
        }
        return first;
    }

    /** {@code u.item} rows end with 19 genre flags whose names {@code u.genre} gives; both are Latin-1. */
    private Map<String, String> oldGenres() throws IOException {
        Map<String, String> first = new HashMap<>();
        Path items = ratings.resolveSibling("u.item");
        Path genreFile = ratings.resolveSibling("u.genre");
        if (!Files.exists(items) || !Files.exists(genreFile)) {
            return first;
        }
        Map<Integer, String> names = new HashMap<>();
        for (String line : Files.readAllLines(genreFile, StandardCharsets.ISO_8859_1)) {
            String[] p = line.split("\\|");
            if (p.length == 2) {
                names.put(Integer.parseInt(p[1].trim()), p[0].trim());
            }
        }
        try (BufferedReader r = Files.newBufferedReader(items, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] p = line.split("\\|", -1);
                if (p.length < 5 + names.size()) {
                    continue;
                }
                int flags = p.length - names.size();
                for (int g = 0; g < names.size(); g++) {
                    if ("1".equals(p[flags + g].trim())) {
                        first.put(p[0].trim(), names.get(g));
                        break;
                    }
                }
            }
        }
        return first;
    }

    private final class Ratings extends DelimitedReader {
        private final float minRating;
        private final Map<String, String> genres;

        Ratings(Path file, char delimiter, float minRating, Map<String, String> genres) {
            super(file, delimiter, '\0');
            this.minRating = minRating;
            this.genres = genres;
        }

        @Override
        public String describe() {
            return MovieLensReader.this.describe();
        }

        @Override
        protected int fieldCount() {
            return 4;
        }

        @Override
        protected boolean isHeader(FieldSplitter first) {
            return !oldLayout && first.count() > 0 && first.get(0).trim().equals("userId");
        }

        @Override
        protected String columnName(int i) {
            return new String[] {"userId", "movieId", "rating", "timestamp"}[i];
        }

        @Override
        protected void parse(FieldSplitter f, RowParser row, RawEvent e) {
            e.user = row.id(f.get(0), "userId");
            e.item = row.id(f.get(1), "movieId");
            e.value = row.number(f.get(2), "rating", minRating, 5f);
            e.timestamp = row.timestamp(f.get(3), "timestamp", TimestampUnit.SECONDS, range);
            e.behaviour = "rating";
            e.category = e.item == null ? null : genres.get(e.item);
        }
    }
}
