/**
 * The analysis layer: measurements behind the three results qnnlab reproduces (quantum Fisher information and the
 * overparametrization threshold, dynamical Lie algebras, tangent-kernel dynamics, gradient statistics, Wishart
 * degrees of freedom, landscapes). Written once against the {@code sim} and {@code train} interfaces.
 */
package org.qnnlab.analysis;
