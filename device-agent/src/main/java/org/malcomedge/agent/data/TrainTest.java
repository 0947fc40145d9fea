package org.malcomedge.agent.data;

/**
 * A dataset's training part and the test set every node is evaluated on (one shared test set; the
 * training part is what {@link Split}s divide among nodes).
 *
 * @param testSet where the test set comes from, for reports: the dataset's own test split or a
 *                seeded hold-out
 */
public record TrainTest(Dataset train, Dataset test, String testSet) {
}
