package dev.lifelong.cli.load;

/**
 * The scoring server's {@code Server-Timing} header of one response (README, Serving), in milliseconds: the
 * store read (with the request's parsing), the scoring, and the whole request in the server.
 */
public record ServerTiming(double read, double score, double total) {

    /** The stages of {@code header}, or null when it is absent or lacks one of them. */
    public static ServerTiming parse(String header) {
        if (header == null) {
            return null;
        }
        double read = Double.NaN;
        double score = Double.NaN;
        double total = Double.NaN;
        for (String metric : header.split(",")) {
            String[] params = metric.trim().split(";");
            double dur = Double.NaN;
            for (int i = 1; i < params.length; i++) {
                String p = params[i].trim();
                if (p.startsWith("dur=")) {
                    try {
                        dur = Double.parseDouble(p.substring(4));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
            }
            switch (params[0].trim()) {
                case "read" -> read = dur;
                case "score" -> score = dur;
                case "total" -> total = dur;
                default -> { }
            }
        }
        return Double.isNaN(read) || Double.isNaN(score) || Double.isNaN(total) ? null
                : new ServerTiming(read, score, total);
    }
}
