package org.qnnlab.sim.qasm;

import org.qnnlab.sim.Angle;

/** A global phase {@code e^{iγ}} inside a gate's expansion: unobservable alone, a phase gate under a control. */
record GPhase(Angle gamma) {
}
