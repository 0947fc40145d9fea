package org.malcomedge.coordinator.sim;

import static org.malcomedge.agent.InputException.orInputError;

import java.nio.file.Path;
import java.util.Optional;
import org.malcomedge.agent.data.Datasets;
import org.malcomedge.agent.data.FeatureMoments;
import org.malcomedge.agent.data.FeatureScaling;
import org.malcomedge.agent.data.Splits;
import org.malcomedge.agent.data.Standardization;
import org.malcomedge.agent.data.TrainTest;
import org.malcomedge.agent.train.ModelSpec;
import org.malcomedge.coordinator.plan.ExperimentSpec;

/**
 * An experiment's data as its nodes see it: the dataset, the training set's split into the nodes'
 * shares ({@code shares[i]}: node i's rows), and with {@code features: standard} the
 * standardization computed from the moments of those shares (DESIGN.md section 6), applied to the
 * training and the test set. The moments of the shares add up to the pooled ones, so this is what
 * nodes that summed their shares' counts, sums and sums of squares would agree on; a real fleet
 * gets it in the plan, from the coordinator.
 */
public record ExperimentData(TrainTest data, int[][] shares, Optional<Standardization> scaling) {

    /**
     * @throws org.malcomedge.agent.data.DatasetException when the dataset does not load
     * @throws org.malcomedge.agent.InputException    for a bad split
     */
    public static ExperimentData load(ExperimentSpec spec, Path dataDir) {
        TrainTest raw = Datasets.load(spec.dataset(), spec.label(), dataDir);
        int[][] shares = orInputError(() -> Splits.parse(spec.split()))
                .assign(raw.train().y(), raw.train().classes(), spec.nodes(), spec.seed());
        if (spec.features() == FeatureScaling.RAW) {
            return new ExperimentData(raw, shares, Optional.empty());
        }
        Standardization scaling = Standardization.of(FeatureMoments.ofShares(raw.train(), shares));
        return new ExperimentData(scaling.apply(raw), shares, Optional.of(scaling));
    }

    /** The spec's model over this data's features and classes. */
    public ModelSpec model(ExperimentSpec spec) {
        return orInputError(() -> ModelSpec.parse(spec.model(), data.train().features(), data.train().classes()));
    }
}
