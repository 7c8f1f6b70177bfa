package io.vigil.cloud.processor;

/**
 * What the processor remembers of an event, by event id: the event as received (for review and
 * training samples), the day and type it is counted under (none once dismissed), and when it was
 * first seen (stream time, for retention).
 *
 * @param event the event's JSON as published by the agent
 * @param day UTC day of the event, yyyy-mm-dd
 * @param countedType wire name of the type counted in tallies, null when not counted
 * @param verdict the latest review verdict, null before any review
 * @param seenAtMs stream time of its first arrival, epoch ms
 */
public record LedgerEntry(
    String event, String day, String countedType, String verdict, long seenAtMs) {}
