package io.vigil.cloud.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/**
 * A reviewer's decision as posted to the API.
 *
 * @param verdict confirmed, dismissed, relabelled, needs_coaching or coached
 * @param relabelledType for relabelled: the type that really happened (wire name)
 * @param relabelledDirection its direction, where it has one (wire name)
 * @param reviewerId who decides
 * @param note free text, up to 500 characters
 */
@Introspected
public record ReviewRequest(
    String verdict,
    @Nullable String relabelledType,
    @Nullable String relabelledDirection,
    String reviewerId,
    @Nullable String note) {}
