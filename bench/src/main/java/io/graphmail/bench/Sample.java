package io.graphmail.bench;

/**
 * One measured child run.
 *
 * @param cpuNanos   the child's CPU since its JVM started (all threads, user + system)
 * @param peakRssKib the child's VmHWM
 * @param wallMillis the child's life until its result, wall clock
 * @param tokens     token requests the sandbox saw during the run
 * @param mimeBytes  size of the first captured message's MIME as the sandbox decoded it (same message, same size?)
 * @param threadCpu  milliseconds per thread kind, in profiles only
 */
record Sample(Scenario scenario, Variant variant, int rep, long cpuNanos, long peakRssKib, long wallMillis,
              int tokens, int mimeBytes, java.util.Map<String, Long> threadCpu) {
    double cpuMillis() {
        return cpuNanos / 1e6;
    }
}
