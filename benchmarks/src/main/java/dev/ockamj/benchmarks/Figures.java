package dev.ockamj.benchmarks;

/** How every harness measures and prints: best of 3 runs, and ours beside raw with the ratio. */
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

    static void report(String what, double ours, double raw, String unit) {
        System.out.printf("  %-38s ours %,12.0f  raw %,12.0f %s  ratio %.2f%n", what, ours, raw, unit, ours / raw);
    }
}
