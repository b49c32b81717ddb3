package dev.lifelong.data.synth;

import dev.lifelong.core.random.Rng;

/**
 * Items and categories of the synthetic world. Categories come in families: a family centroid
 * {@code nu_g ~ N(0, I)}, a category centroid {@code mu_c = nu_g + 0.5 N(0, I)}, an item's latent vector
 * {@code mu_c + 0.3 N(0, I)}. Item popularity is Zipf over a random ranking; each item also has a quality
 * {@code q_i ~ N(0, 0.3^2)}. Category {@code k} belongs to family {@code (k - 1) mod families}.
 */
final class SyntheticWorld {

    final SyntheticConfig config;
    final int[] itemCategory;        // [items + 1], item ids from 1
    final float[] itemQuality;       // [items + 1]
    final float[][] itemLatent;      // [items + 1][d]
    final int families;
    private final int[][] categoryItems;          // items of each category, by popularity
    private final double[][] categoryCumulative;  // cumulative Zipf weights within each category
    private final int[] allItems;
    private final double[] allCumulative;
    final double[] categoryPopularity;            // cumulative, over categories 1..C

    SyntheticWorld(SyntheticConfig c) {
        this.config = c;
        Rng rng = new Rng(Rng.derive(c.seed(), "world"));
        int d = c.latentDim();
        families = Math.max(1, c.categories() / 10);
        double[][] nu = new double[families][d];
        for (double[] v : nu) {
            fill(rng, v, 1.0);
        }
        double[][] mu = new double[c.categories() + 1][d];
        for (int k = 1; k <= c.categories(); k++) {
            double[] family = nu[(k - 1) % families];
            for (int j = 0; j < d; j++) {
                mu[k][j] = family[j] + 0.5 * rng.nextGaussian();
            }
        }
        int n = c.items();
        itemCategory = new int[n + 1];
        itemQuality = new float[n + 1];
        itemLatent = new float[n + 1][d];
        int[] rank = new int[n + 1];
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int r = 0; r < n; r++) {
            rank[perm[r]] = r + 1;
        }
        int[] size = new int[c.categories() + 1];
        for (int i = 1; i <= n; i++) {
            // Every category gets at least one item; the rest are spread at random.
            int k = i <= c.categories() ? i : 1 + rng.nextInt(c.categories());
            itemCategory[i] = k;
            size[k]++;
            itemQuality[i] = (float) (0.3 * rng.nextGaussian());
            for (int j = 0; j < d; j++) {
                itemLatent[i][j] = (float) (mu[k][j] + 0.3 * rng.nextGaussian());
            }
        }
        categoryItems = new int[c.categories() + 1][];
        categoryCumulative = new double[c.categories() + 1][];
        for (int k = 1; k <= c.categories(); k++) {
            categoryItems[k] = new int[size[k]];
            categoryCumulative[k] = new double[size[k]];
        }
        int[] fill = new int[c.categories() + 1];
        for (int r = 0; r < n; r++) {
            int item = perm[r];
            int k = itemCategory[item];
            categoryItems[k][fill[k]++] = item;
        }
        categoryPopularity = new double[c.categories() + 1];
        for (int k = 1; k <= c.categories(); k++) {
            double s = 0;
            for (int j = 0; j < size[k]; j++) {
                s += weight(rank[categoryItems[k][j]]);
                categoryCumulative[k][j] = s;
            }
            categoryPopularity[k] = categoryPopularity[k - 1] + s;
        }
        allItems = perm;
        allCumulative = new double[n];
        double s = 0;
        for (int r = 0; r < n; r++) {
            s += weight(r + 1);
            allCumulative[r] = s;
        }
    }


    private double weight(int rank) {
        return Math.pow(rank, -config.zipf());
    }

    private static void fill(Rng rng, double[] v, double std) {
        for (int j = 0; j < v.length; j++) {
            v[j] = std * rng.nextGaussian();
        }
    }

    /** A Zipf-popular item of category {@code k}. */
    int itemOf(int k, Rng rng) {
        double[] cum = categoryCumulative[k];
        return categoryItems[k][search(cum, rng.nextDouble() * cum[cum.length - 1])];
    }

    /** A Zipf-popular item of any category. */
    int popularItem(Rng rng) {
        return allItems[search(allCumulative, rng.nextDouble() * allCumulative[allCumulative.length - 1])];
    }

    /** A category drawn by total popularity. */
    int popularCategory(Rng rng) {
        double x = rng.nextDouble() * categoryPopularity[config.categories()];
        int k = search(categoryPopularity, x);
        return Math.max(1, k);
    }

    private static int search(double[] cumulative, double x) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
