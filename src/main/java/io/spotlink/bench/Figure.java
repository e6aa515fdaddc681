package io.spotlink.bench;

/**
 * One line of the benchmark's table: a path's figure, the limit measured beside it in the same run, their ratio,
 * the goal and whether it was met, and the 1-minute load average when it was taken (the machine may be shared).
 */
record Figure(String path, String figure, String limit, String ratio, String goal, String verdict, String load) {

    static Figure of(String path, String figure, String limit, String ratio, String goal, boolean met) {
        return new Figure(path, figure, limit, ratio, goal, goal.isEmpty() ? "" : met ? "met" : "NOT met",
                Machine.load1());
    }

    static Figure only(String path, String figure) {
        return of(path, figure, "", "", "", true);
    }

    String row() {
        return "| " + String.join(" | ", path, figure, limit, ratio, goal, verdict, load) + " |";
    }
}
