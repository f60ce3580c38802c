package org.pase4j.model;

import org.pase4j.label.Labeller;

/**
 * A worker of the model with its labeller, as declared in train.yaml.
 *
 * @param name the worker's name, e.g. {@code mfcc}
 * @param kind {@code regressor} or {@code classifier} (its section of {@code workers_config})
 * @param worker the network
 * @param labeller what makes its targets
 */
public record WorkerSlot(String name, String kind, Worker worker, Labeller labeller) {}
