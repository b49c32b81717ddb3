package dev.lifelong.cli;

import dev.lifelong.data.read.CsvEventReader;
import dev.lifelong.data.read.CsvMapping;
import dev.lifelong.data.read.EventReader;
import dev.lifelong.data.read.MovieLensReader;
import dev.lifelong.data.read.TaobaoReader;
import dev.lifelong.data.read.TimeRange;
import java.io.IOException;
import java.nio.file.Path;

/** The raw log formats {@code prepare} and {@code ingest} read, and the reader of each. */
enum LogFormat {
    taobao, movielens, csv;

    EventReader reader(Path input, Path mapping, TimeRange range) throws IOException {
        return switch (this) {
            case taobao -> new TaobaoReader(input, range);
            case movielens -> new MovieLensReader(input, range);
            case csv -> {
                if (mapping == null) {
                    throw new IllegalArgumentException(
                            "--format csv needs --mapping FILE (see lifelong prepare --help)");
                }
                yield new CsvEventReader(input, CsvMapping.load(mapping), range);
            }
        };
    }
}
