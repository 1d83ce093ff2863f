package io.graphmail.bench;

/** What a child JVM sends with. */
enum Variant {
    GRAPHMAIL("graphmail"),
    RAW("RAW");

    final String label;

    Variant(String label) {
        this.label = label;
    }
}
