package org.malcomedge.coordinator.report;

/** Payload carried over one undirected graph edge, both directions, over the whole run. */
public record EdgeTraffic(String a, String b, long payloadBits, long frameBytes) {
}
