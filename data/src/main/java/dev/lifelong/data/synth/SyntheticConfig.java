package dev.lifelong.data.synth;

/**
 * The synthetic world and its users. Defaults make the embedded quickstart dataset: 2,000 users with
 * heavy-tailed histories of mean 1,000 behaviours.
 *
 * @param users            users
 * @param items            items
 * @param categories       item categories (grouped into {@code categories / 10} related families)
 * @param latentDim        width of the latent vectors items and categories live in
 * @param meanHistory      mean behaviours per user (log-normal)
 * @param historySigma     sigma of the log-normal: larger is more heavy-tailed
 * @param minHistory       fewest behaviours per user
 * @param maxHistory       most behaviours per user
 * @param interests        interest categories per user
 * @param dormantInterests of which dormant: present only in the older part of the history
 * @param dormantBefore    dormant interests appear only before this fraction of the history
 * @param noise            share of behaviours in a random category
 * @param zipf             Zipf exponent of item popularity
 * @param impressions      labelled impressions per user, after the history
 * @param historyDays      days the histories span
 * @param impressionDays   days the impressions span, after the histories
 * @param seed             everything is drawn from this seed
 */
public record SyntheticConfig(int users, int items, int categories, int latentDim, double meanHistory,
                              double historySigma, int minHistory, int maxHistory, int interests,
                              int dormantInterests, double dormantBefore, double noise, double zipf, int impressions,
                              int historyDays, int impressionDays, long seed) {

    public static final SyntheticConfig DEFAULT = new SyntheticConfig(2_000, 20_000, 100, 16, 1_000, 1.0, 20,
            100_000, 4, 2, 0.5, 0.1, 1.1, 50, 335, 30, 42);

    public SyntheticConfig {
        require(users >= 1, "users must be >= 1");
        require(categories >= 1 && items >= categories, "need items >= categories >= 1");
        require(latentDim >= 1, "latent_dim must be >= 1");
        require(minHistory >= 1 && maxHistory >= minHistory, "need 1 <= min_history <= max_history");
        require(meanHistory >= minHistory && meanHistory <= maxHistory, "mean_history must lie in [min, max]");
        require(historySigma >= 0 && historySigma <= 3, "history_sigma must be in [0, 3]");
        require(interests >= 1 && interests <= categories, "interests must be in [1, categories]");
        require(dormantInterests >= 0 && dormantInterests < interests, "dormant_interests must be < interests");
        require(dormantBefore > 0 && dormantBefore < 1, "dormant_before must be in (0, 1)");
        require(noise >= 0 && noise < 1, "noise must be in [0, 1)");
        require(zipf >= 0, "zipf must be >= 0");
        require(impressions >= 1, "impressions must be >= 1");
        require(historyDays >= 1 && impressionDays >= 1, "history_days and impression_days must be >= 1");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** This config with other sizes. */
    public SyntheticConfig withSize(int newUsers, int newItems, int newCategories, double newMeanHistory,
                                    int newMaxHistory) {
        return new SyntheticConfig(newUsers, newItems, newCategories, latentDim, newMeanHistory, historySigma,
                Math.min(minHistory, (int) newMeanHistory), newMaxHistory, Math.min(interests, newCategories),
                Math.min(dormantInterests, Math.min(interests, newCategories) - 1), dormantBefore, noise, zipf,
                impressions, historyDays, impressionDays, seed);
    }

    public SyntheticConfig withImpressions(int n) {
        return new SyntheticConfig(users, items, categories, latentDim, meanHistory, historySigma, minHistory,
                maxHistory, interests, dormantInterests, dormantBefore, noise, zipf, n, historyDays, impressionDays,
                seed);
    }

    public SyntheticConfig withSeed(long newSeed) {
        return new SyntheticConfig(users, items, categories, latentDim, meanHistory, historySigma, minHistory,
                maxHistory, interests, dormantInterests, dormantBefore, noise, zipf, impressions, historyDays,
                impressionDays, newSeed);
    }
}
