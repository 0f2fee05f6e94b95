package dev.ockamj.benchmarks;

/** How every harness measures and prints: best of 3 runs or medians of alternating runs, ours beside raw with the ratio. */
final class Figures {
    private Figures() {
    }

    /** One run of {@code n} operations; returns how many per second. */
    interface Run {
        double run(int n) throws Exception;
    }

    static double best(Run r, int n) throws Exception {
        double best = 0;
        for (int i = 0; i < 3; i++) {
            best = Math.max(best, r.run(n));
        }
        return best;
    }

    /**
     * Runs raw and ours alternately {@code pairs} times and prints the median of each and the median of the
     * per-pair ratios with their range: a baseline that falls into a slow mode in one pair then moves one ratio,
     * not the figure.
     */
    static void alternating(String what, String unit, int pairs, int n, Run ours, Run raw) throws Exception {
        double[] o = new double[pairs];
        double[] r = new double[pairs];
        double[] ratio = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            r[i] = raw.run(n);
            o[i] = ours.run(n);
            ratio[i] = o[i] / r[i];
            if (Boolean.getBoolean("showRuns")) {
                System.out.printf("    run %d: ours %,.0f raw %,.0f%n", i + 1, o[i], r[i]);
            }
        }
        java.util.Arrays.sort(ratio);
        System.out.printf("  %-38s ours %,12.0f  raw %,12.0f %s  ratio %.2f (median of %d alternating; %.2f-%.2f)%n",
                what, median(o), median(r), unit, median(ratio), pairs, ratio[0], ratio[pairs - 1]);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    static void report(String what, double ours, double raw, String unit) {
        System.out.printf("  %-38s ours %,12.0f  raw %,12.0f %s  ratio %.2f%n", what, ours, raw, unit, ours / raw);
    }
}
