/**
 * Losses that turn a batch of model outputs (expectation values) and targets into the scalar a trainer minimises:
 * {@code mse}, {@code bce}, {@code hinge} and {@code expectation} (VQE energy), chosen with
 * {@link org.qnnlab.train.loss.Loss#byName}.
 */
package org.qnnlab.train.loss;
