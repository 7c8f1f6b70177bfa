package io.vigil.models.eval;

import io.vigil.inference.decision.EventDecoder;
import io.vigil.inference.onnx.OnnxWindowModel;
import io.vigil.models.dataset.LabelledTrip;
import io.vigil.models.retrain.RetrainGate;
import java.util.List;

/**
 * A model's errors on reviewed snippets it did not train on: each snippet is scored like a test
 * trip ({@link TripScorer}: the agent's decoder, events matched to the reviewed label by overlap),
 * and the matches are summed.
 */
public final class HeldOutScore {

  private HeldOutScore() {}

  public static RetrainGate.HeldOut score(
      List<LabelledTrip> trips, OnnxWindowModel model, EventDecoder decoder, float anomaly) {
    ConditionTally sum = new ConditionTally();
    for (LabelledTrip trip : trips) {
      sum.add(TripScorer.score(trip, model, model, decoder, anomaly));
    }
    long events = 0;
    long detected = 0;
    long predicted = 0;
    for (int c = 1; c < sum.k; c++) {
      events += sum.eventTruth[c];
      detected += sum.eventTruePositive[c];
      predicted += sum.eventPredicted[c];
    }
    return new RetrainGate.HeldOut(trips.size(), events, detected, predicted - detected);
  }
}
