/**
 * The Apache Spark ensemble engine ({@code --engine spark}): an {@link org.qnnlab.analysis.ensemble.Ensemble}'s tasks
 * as one Spark job, embedded ({@code local[*]}, no install) or on a cluster ({@code spark://HOST:PORT}, YARN,
 * Kubernetes). Found by {@link org.qnnlab.analysis.ensemble.EnsembleEngines} through {@link java.util.ServiceLoader}
 * when this module is on the class path.
 */
package org.qnnlab.spark;
