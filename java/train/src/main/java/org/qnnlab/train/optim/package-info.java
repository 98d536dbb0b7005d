/**
 * Optimizers and learning-rate schedules for training parameterised circuits.
 *
 * <p>An {@link org.qnnlab.train.optim.Optimizer} ({@code sgd}, {@code momentum}, {@code adam}, {@code lbfgs}) takes one
 * step at a time on an {@link org.qnnlab.train.optim.Objective} (value and gradient of the loss), with the learning
 * rate a {@link org.qnnlab.train.optim.Schedule} gives for that step. Optimizers are deterministic and export their
 * state as named arrays, so a checkpointed run resumes bit-identically.
 */
package org.qnnlab.train.optim;
